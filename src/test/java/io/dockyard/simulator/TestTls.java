package io.dockyard.simulator;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throw-away certificates for engine tests: a CA, a server certificate for an address, client certificates. */
final class TestTls {

    /** A certificate with its key. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        String certificatePem() {
            return pem(certificate);
        }

        String keyPem() {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client TLS context presenting this certificate and trusting the given CA. */
        SSLContext clientContext(Issued trustedCa) {
            try {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(null, null);
                keyStore.setKeyEntry("client", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keyStore, new char[0]);
                KeyStore trustStore = KeyStore.getInstance("PKCS12");
                trustStore.load(null, null);
                trustStore.setCertificateEntry("ca", trustedCa.certificate());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trustStore);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
                return context;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestTls() {
    }

    static Issued ca(String name) {
        KeyPair keys = keys();
        X500Name subject = new X500Name("CN=" + name);
        return new Issued(sign(builder(subject, subject, keys)
                .addExtensionUnchecked(Extension.basicConstraints, true, new BasicConstraints(0)), keys), keys);
    }

    static Issued server(Issued ca, String address) {
        KeyPair keys = keys();
        try {
            var builder = builder(new X500Name(ca.certificate().getSubjectX500Principal().getName()),
                    new X500Name("CN=" + address), keys)
                    .addExtensionUnchecked(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtensionUnchecked(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                            GeneralName.iPAddress, InetAddress.getByName(address).getHostAddress())));
            return new Issued(sign(builder, ca.keys()), keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued client(Issued ca, String name) {
        KeyPair keys = keys();
        var builder = builder(new X500Name(ca.certificate().getSubjectX500Principal().getName()), new X500Name("CN=" + name), keys)
                .addExtensionUnchecked(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return new Issued(sign(builder, ca.keys()), keys);
    }

    private static Builder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new Builder(new JcaX509v3CertificateBuilder(issuer, new BigInteger(96, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic()));
    }

    private static X509Certificate sign(Builder builder, KeyPair issuerKeys) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.inner.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object value) {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(value);
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bouncy Castle's builder with an unchecked addExtension, to keep the factories short. */
    private record Builder(JcaX509v3CertificateBuilder inner) {
        Builder addExtensionUnchecked(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
                                      org.bouncycastle.asn1.ASN1Encodable value) {
            try {
                inner.addExtension(oid, critical, value);
                return this;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
