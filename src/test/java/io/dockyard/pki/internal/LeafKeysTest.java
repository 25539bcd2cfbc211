package io.dockyard.pki.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeafKeysTest {

    private final KeyPair caKey = KeyPairs.issuingCaKey();
    private final X500Name caName = new X500Name("CN=Test CA");
    private final CertificateSigner.Issuer issuer = CertificateSigner.selfIssuer(caName, caKey);

    @Test
    void ecdsaLeafIsP256WithDigitalSignatureOnly() throws Exception {
        X509Certificate leaf = server(KeyPairs.leafKey("ecdsa-p256"));

        assertThat(((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        boolean[] usage = leaf.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[2]).as("keyEncipherment").isFalse();
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void rsaLeafIs3072BitsWithKeyEncipherment() throws Exception {
        X509Certificate leaf = server(KeyPairs.leafKey("rsa-3072"));

        assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        leaf.verify(caKey.getPublic());
    }

    @Test
    void refusesServerCertificateWithoutNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateSigner.server(new X500Name("CN=x"),
                KeyPairs.leafKey("ecdsa-p256").getPublic(), issuer, List.of(), List.of(), Instant.now(),
                Instant.now().plus(1, ChronoUnit.DAYS), BigInteger.TEN)).isInstanceOf(IllegalArgumentException.class);
    }

    private X509Certificate server(KeyPair key) throws Exception {
        return CertificateSigner.server(new X500Name("CN=host"), key.getPublic(), issuer, List.of("host.example"),
                List.of(InetAddress.getByName("192.0.2.1")), Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS),
                Serials.next());
    }
}
