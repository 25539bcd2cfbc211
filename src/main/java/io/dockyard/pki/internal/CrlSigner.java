package io.dockyard.pki.internal;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One CRL for the whole hierarchy, signed by the root. Certificates are issued by several CAs
 * (server CA, one client CA per host), so it is an indirect CRL (RFC 5280 5.2.5): each entry names
 * its issuer in a certificateIssuer extension. Dockerd cannot check revocation; the CRL is for
 * auditors, other clients and the record.
 */
final class CrlSigner {

    byte[] sign(Authority root, List<CertificateRecords.Revoked> revoked, long crlNumber, Instant now,
            Instant nextUpdate) {
        try {
            X500Name issuer = root.issuer().name();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, Date.from(now));
            builder.setNextUpdate(Date.from(nextUpdate));
            builder.addExtension(Extension.cRLNumber, false,
                    new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(crlNumber)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root.certificate().getPublicKey()));
            builder.addExtension(Extension.issuingDistributionPoint, true,
                    new IssuingDistributionPoint(null, false, false, null, true, false));
            for (CertificateRecords.Revoked entry : revoked) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.reasonCode, false, CRLReason.lookup(CRLReason.unspecified));
                extensions.addExtension(Extension.certificateIssuer, true,
                        new GeneralNames(new GeneralName(new X500Name(entry.issuerDn()))));
                builder.addCRLEntry(new BigInteger(entry.serial(), 16), Date.from(entry.revokedAt()),
                        extensions.generate());
            }
            var signer = new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(root.privateKey()))
                    .build(root.privateKey());
            return builder.build(signer).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("CRL signing failed", e);
        }
    }

}
