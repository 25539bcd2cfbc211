package io.dockyard.pki;

import io.dockyard.support.ApiTest;
import io.dockyard.support.OpenSsl;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class CertificateAuthorityTest {

    @Autowired
    CertificateAuthority ca;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void rootIsSelfSignedP384CaWithPathLengthOne() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.write("root.pem", ca.trustAnchorPem());

        OpenSsl.Result text = openssl.run("x509", "-in", "root.pem", "-noout", "-text");
        OpenSsl.Result verify = openssl.run("verify", "-CAfile", "root.pem", "root.pem");

        assertThat(text.output()).contains("CA:TRUE, pathlen:1", "Certificate Sign, CRL Sign", "NIST CURVE: P-384",
                "Subject Key Identifier", "ecdsa-with-SHA384");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    @Test
    void serverCertificateChainsToRootWithSansAndServerAuth() throws Exception {
        UUID host = UUID.randomUUID();
        ServerCertificate server = ca.issueServerCertificate(host, List.of("h1.westeurope.cloudapp.azure.com"),
                List.of(InetAddress.getByName("20.1.2.3"), InetAddress.getByName("10.0.0.4"),
                        InetAddress.getByName("2001:db8::1")), "test");
        OpenSsl openssl = new OpenSsl(dir);
        openssl.write("root.pem", server.trustAnchorPem());
        openssl.write("chain.pem", server.certificatePem());
        List<X509Certificate> chain = certificates(server.certificatePem());
        openssl.write("leaf.pem", pem(chain.get(0)));
        openssl.write("intermediate.pem", pem(chain.get(1)));

        OpenSsl.Result verify = openssl.run("verify", "-CAfile", "root.pem", "-untrusted", "intermediate.pem",
                "-purpose", "sslserver", "leaf.pem");
        OpenSsl.Result text = openssl.run("x509", "-in", "leaf.pem", "-noout", "-text");
        OpenSsl.Result intermediate = openssl.run("x509", "-in", "intermediate.pem", "-noout", "-text");

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(text.output()).contains("CA:FALSE", "Digital Signature", "TLS Web Server Authentication",
                "DNS:h1.westeurope.cloudapp.azure.com", "IP Address:20.1.2.3", "IP Address:10.0.0.4",
                "IP Address:2001:DB8:0:0:0:0:0:1", "Subject Key Identifier", "Authority Key Identifier",
                "NIST CURVE: P-256");
        assertThat(text.output()).doesNotContain("TLS Web Client Authentication");
        assertThat(intermediate.output()).contains("CA:TRUE, pathlen:0", "NIST CURVE: P-256", "ecdsa-with-SHA384");
        assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(server.toString()).doesNotContain("PRIVATE");
        validateWithJava(chain, server.trustAnchorPem());
    }

    @Test
    void clientCertificateChainsToTheHostsClientCaOnly() throws Exception {
        UUID host = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        ClientBundle bundle = ca.issueClientCertificate(host, "token:alice", Duration.ofHours(8), "token:alice");
        OpenSsl openssl = new OpenSsl(dir);
        openssl.write("root.pem", ca.trustAnchorPem());
        openssl.write("client-ca.pem", ca.clientCa(host, "test").certificatePem());
        openssl.write("other-ca.pem", ca.clientCa(other, "test").certificatePem());
        openssl.write("cert.pem", bundle.certPem());

        // dockerd trusts exactly the host's client CA (tlscacert), as a trust anchor.
        OpenSsl.Result own = openssl.run("verify", "-partial_chain", "-CAfile", "client-ca.pem", "-purpose", "sslclient",
                "cert.pem");
        OpenSsl.Result foreign = openssl.run("verify", "-partial_chain", "-CAfile", "other-ca.pem", "cert.pem");
        OpenSsl.Result text = openssl.run("x509", "-in", "cert.pem", "-noout", "-text");

        assertThat(own.exitCode()).as(own.output()).isZero();
        assertThat(foreign.exitCode()).isNotZero();
        assertThat(text.output()).contains("TLS Web Client Authentication", "CA:FALSE", "CN = token:alice");
        assertThat(Duration.between(java.time.Instant.now(), bundle.notAfter())).isBetween(Duration.ofHours(7),
                Duration.ofHours(8));
        assertThat(bundle.caPem()).isEqualTo(ca.trustAnchorPem());
    }

    @Test
    void everyIssuedCertificateIsRecordedWithoutItsKey() {
        UUID host = UUID.randomUUID();
        ClientBundle bundle = ca.issueClientCertificate(host, "token:bob", Duration.ofHours(1), "token:bob");

        List<CertificateRecord> clients = ca.certificates(host, CertificateKind.CLIENT);

        assertThat(clients).singleElement().satisfies(r -> {
            assertThat(r.serial()).isEqualTo(bundle.serial());
            assertThat(r.requestedBy()).isEqualTo("token:bob");
            assertThat(r.fingerprintSha256()).hasSize(64);
            assertThat(r.revokedAt()).isNull();
        });
        assertThat(ca.certificates(host, CertificateKind.CLIENT_CA)).hasSize(1);
    }

    @Test
    void rotationReplacesClientCaAndRevokesTheOldOneWithEverythingItSigned() {
        UUID host = UUID.randomUUID();
        HostClientCa first = ca.clientCa(host, "test");
        ClientBundle before = ca.issueClientCertificate(host, "token:dave", Duration.ofHours(1), "token:dave");

        HostClientCa second = ca.rotateClientCa(host, "token:admin");

        assertThat(second.generation()).isEqualTo(first.generation() + 1);
        assertThat(second.fingerprintSha256()).isNotEqualTo(first.fingerprintSha256());
        assertThat(ca.clientCa(host, "test").serial()).isEqualTo(second.serial());
        assertThat(ca.certificates(host, CertificateKind.CLIENT_CA))
                .filteredOn(r -> r.serial().equals(first.serial())).singleElement()
                .satisfies(r -> assertThat(r.revokedAt()).isNotNull());
        ClientBundle after = ca.issueClientCertificate(host, "token:dave", Duration.ofHours(1), "token:dave");
        assertThat(ca.certificates(host, CertificateKind.CLIENT)).extracting(CertificateRecord::serial,
                r -> r.revokedAt() != null).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(before.serial(), true),
                        org.assertj.core.groups.Tuple.tuple(after.serial(), false));
    }

    @Test
    void refusesLifetimesOutsideThePolicyAndServerCertificatesWithoutNames() {
        UUID host = UUID.randomUUID();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ca.issueClientCertificate(host, "x", Duration.ZERO, "x")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ca.issueClientCertificate(host, "x", Duration.ofDays(31), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ca.issueServerCertificate(host, List.of(), List.of(), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ca.certificates(host, CertificateKind.CLIENT)).isEmpty();
    }

    @Test
    void crlNumbersIncrease() throws Exception {
        java.security.cert.CertificateFactory factory = CertificateFactory.getInstance("X.509");
        var first = (java.security.cert.X509CRL) factory.generateCRL(new ByteArrayInputStream(ca.crl()));
        var second = (java.security.cert.X509CRL) factory.generateCRL(new ByteArrayInputStream(ca.crl()));

        assertThat(crlNumber(second)).isGreaterThan(crlNumber(first));
        assertThat(second.getNextUpdate()).isAfter(second.getThisUpdate());
    }

    private static java.math.BigInteger crlNumber(java.security.cert.X509CRL crl) throws Exception {
        byte[] octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.20")).getOctets();
        return org.bouncycastle.asn1.ASN1Integer.getInstance(octets).getValue();
    }

    @Test
    void revokedCertificateAppearsInTheSignedCrl() throws Exception {
        UUID host = UUID.randomUUID();
        ClientBundle bundle = ca.issueClientCertificate(host, "token:carol", Duration.ofHours(1), "token:carol");

        assertThat(ca.revoke(host, bundle.serial())).hasValueSatisfying(r -> assertThat(r.revokedAt()).isNotNull());
        assertThat(ca.revoke(host, bundle.serial())).isPresent();
        assertThat(ca.revoke(UUID.randomUUID(), bundle.serial())).isEmpty();

        OpenSsl openssl = new OpenSsl(dir);
        openssl.write("root.pem", ca.trustAnchorPem());
        openssl.write("crl.der", ca.crl());
        OpenSsl.Result crl = openssl.run("crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text", "-CAfile",
                "root.pem");

        String hex = bundle.serial().length() % 2 == 0 ? bundle.serial() : "0" + bundle.serial();
        assertThat(crl.output()).contains("verify OK", "Next Update:", "Indirect CRL",
                "Serial Number: " + hex.toUpperCase(), "Certificate Issuer:");
    }

    @Test
    void concurrentFirstUseCreatesOneClientCa() throws Exception {
        UUID host = UUID.randomUUID();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> ca.clientCa(host, "test").serial());
        }
        try (var pool = Executors.newFixedThreadPool(6)) {
            Set<String> serials = new java.util.HashSet<>();
            for (var f : pool.invokeAll(calls)) {
                serials.add(f.get());
            }
            assertThat(serials).hasSize(1);
        }
        Long active = jdbc.sql("select count(*) from pki_authorities where host_id = :h and active")
                .param("h", host).query(Long.class).single();
        assertThat(active).isEqualTo(1);
    }

    @Test
    void storedCaKeysAreSealed() {
        ca.clientCa(UUID.randomUUID(), "test");

        List<String> rows = jdbc.sql("select a::text from pki_authorities a").query(String.class).list();
        List<byte[]> ciphertexts = jdbc.sql("select key_ciphertext from pki_authorities").query(byte[].class).list();

        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain("PRIVATE KEY"));
        // The DER of every EC private key carries the id-ecPublicKey OID; sealed bytes must not.
        byte[] ecOid = HexFormat.of().parseHex("2a8648ce3d0201");
        assertThat(ciphertexts).allSatisfy(c -> assertThat(indexOf(c, ecOid)).isNegative());
        assertThat(jdbc.sql("select distinct key_id from pki_authorities").query(String.class).list())
                .containsExactly("test-kek");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<X509Certificate> certificates(String pem) throws Exception {
        Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return parsed.stream().map(c -> (X509Certificate) c).toList();
    }

    static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static void validateWithJava(List<X509Certificate> chain, String rootPem) throws Exception {
        X509Certificate root = certificates(rootPem).getFirst();
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
