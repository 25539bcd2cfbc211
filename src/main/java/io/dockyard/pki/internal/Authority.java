package io.dockyard.pki.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A loaded CA: certificate and decrypted key, in memory only for as long as the service runs.
 */
record Authority(UUID id, String kind, UUID hostId, int generation, X509Certificate certificate,
        PrivateKey privateKey) {

    CertificateSigner.Issuer issuer() {
        return new CertificateSigner.Issuer(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                certificate.getPublicKey(), privateKey);
    }

    String serial() {
        return Serials.hex(certificate.getSerialNumber());
    }

    @Override
    public String toString() {
        return "Authority[" + kind + ", serial=" + serial() + "]";
    }
}
