package io.dockyard.pki.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of what the signer puts into every certificate, over many generated inputs rather
 * than a few examples: serial numbers must stay within RFC 5280's 20 octets, be positive and never
 * repeat, and a server certificate must carry exactly the DNS names and IP addresses it was asked
 * for, because Go's TLS (dockerd, the docker CLI) matches hosts against the SANs only.
 */
class CertificatePropertiesTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final X500Name ROOT_NAME = new X500Name("O=Dockyard,CN=Property Test Root");
    private static final KeyPair ROOT_KEY = KeyPairs.rootKey();
    private static final CertificateSigner.Issuer ROOT = CertificateSigner.selfIssuer(ROOT_NAME, ROOT_KEY);
    private static final X500Name CA_NAME = new X500Name("O=Dockyard,CN=Property Test Server CA");
    private static final KeyPair CA_KEY = KeyPairs.issuingCaKey();
    private static final X509Certificate CA_CERTIFICATE = CertificateSigner.ca(CA_NAME, CA_KEY.getPublic(), ROOT, 0,
            NOW, NOW.plus(1, ChronoUnit.DAYS), Serials.next());
    private static final CertificateSigner.Issuer CA = new CertificateSigner.Issuer(CA_NAME, CA_KEY.getPublic(),
            CA_KEY.getPrivate());
    private static final int GENERAL_NAME_DNS = 2;
    private static final int GENERAL_NAME_IP = 7;

    @Example
    void serialsArePositiveFitInTwentyOctetsAndDoNotRepeat() {
        int batch = 10_000;
        Set<BigInteger> seen = new HashSet<>();
        int longest = 0;
        int shortest = Integer.MAX_VALUE;
        for (int i = 0; i < batch; i++) {
            BigInteger serial = Serials.next();
            byte[] der = derOf(serial);

            assertThat(serial.signum()).as("sign of %s", serial).isEqualTo(1);
            assertThat(der[0]).as("DER tag").isEqualTo((byte) 0x02);
            assertThat(der[1]).as("DER content length of %s", serial).isBetween((byte) 1, (byte) 20);
            assertThat(der[2] & 0x80).as("a positive INTEGER's first content octet").isZero();
            assertThat(serial.toByteArray()).hasSizeLessThanOrEqualTo(20);
            assertThat(new BigInteger(Serials.hex(serial), 16)).isEqualTo(serial);
            seen.add(serial);
            longest = Math.max(longest, serial.bitLength());
            shortest = Math.min(shortest, serial.bitLength());
        }

        assertThat(seen).as("distinct serials").hasSize(batch);
        // 159 random bits: some serial in 10,000 uses the top bit (odds against: 2^-10000), and none
        // falls below the CA/B Forum's 64 bits of entropy (odds for: about 2^-82).
        assertThat(longest).isEqualTo(159);
        assertThat(shortest).isGreaterThanOrEqualTo(64);
    }

    @Property(tries = 200)
    void serverCertificateCarriesExactlyTheRequestedNamesAndAddresses(@ForAll("sans") Sans sans) throws Exception {
        KeyPair leaf = KeyPairs.leafKey("ecdsa-p256");

        X509Certificate certificate = CertificateSigner.server(new X500Name("CN=server"), leaf.getPublic(), CA,
                sans.dnsNames(), sans.addresses(), NOW, NOW.plus(1, ChronoUnit.HOURS), Serials.next());

        certificate.verify(CA_CERTIFICATE.getPublicKey());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(CA_CERTIFICATE.getSubjectX500Principal());
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
        assertThat(alternativeNames).isNotNull();
        for (List<?> name : alternativeNames) {
            int type = (Integer) name.get(0);
            assertThat(type).as("SAN type of %s", name).isIn(GENERAL_NAME_DNS, GENERAL_NAME_IP);
            if (type == GENERAL_NAME_DNS) {
                dnsNames.add((String) name.get(1));
            } else {
                // An IP SAN comes back as a literal, so this never resolves anything.
                addresses.add(InetAddress.getByName((String) name.get(1)));
            }
        }
        assertThat(dnsNames).containsExactlyInAnyOrderElementsOf(sans.dnsNames());
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(sans.addresses());
    }

    @Property(tries = 20)
    void serverCertificateWithoutAnyNameOrAddressIsRefused(@ForAll("subjects") String subject) {
        KeyPair leaf = KeyPairs.leafKey("ecdsa-p256");

        assertThatThrownBy(() -> CertificateSigner.server(new X500Name("CN=" + subject), leaf.getPublic(), CA,
                List.of(), List.of(), NOW, NOW.plus(1, ChronoUnit.HOURS), Serials.next()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    record Sans(List<String> dnsNames, List<InetAddress> addresses) {
    }

    @Provide
    Arbitrary<Sans> sans() {
        return Combinators.combine(dnsName().list().ofMinSize(0).ofMaxSize(5),
                        address().list().ofMinSize(0).ofMaxSize(5))
                .as(Sans::new)
                .filter(s -> !s.dnsNames().isEmpty() || !s.addresses().isEmpty());
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
    }

    /** RFC 1123 host names: 1-4 labels of [a-z0-9-], 1-63 characters, no '-' at either end. */
    private static Arbitrary<String> dnsName() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-')
                .ofMinLength(1).ofMaxLength(63)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        return label.list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels))
                .filter(name -> name.length() <= 253);
    }

    /**
     * Any IPv4 or IPv6 address, including IPv4-mapped IPv6 ones (which Java, and so the
     * certificate, treat as the IPv4 address).
     */
    private static Arbitrary<InetAddress> address() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> mapped = v4.map(b -> new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                b[0], b[1], b[2], b[3]});
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, v4), net.jqwik.api.Tuple.of(5, v6), net.jqwik.api.Tuple.of(1, mapped))
                .map(CertificatePropertiesTest::inet);
    }

    private static InetAddress inet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] derOf(BigInteger serial) {
        try {
            return new ASN1Integer(serial).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
