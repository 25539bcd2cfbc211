package io.dockyard.pki.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds and signs X.509 certificates with the extensions each kind needs: CAs get critical
 * BasicConstraints with a path length and keyCertSign/cRLSign; leaves get critical
 * BasicConstraints(false), digitalSignature (plus keyEncipherment for RSA), exactly one EKU and,
 * for servers, SANs (Go has ignored the CN since 1.15). The AuthorityKeyIdentifier is computed
 * from the issuer's public key, never copied from the issuer's certificate.
 */
final class CertificateSigner {

    /** Clock skew between us and the hosts: certificates start a little in the past. */
    private static final long BACKDATE_SECONDS = 300;

    private CertificateSigner() {
    }

    /** An issuer: its certificate (null for a self-signed root) and its private key. */
    record Issuer(X500Name name, PublicKey publicKey, PrivateKey privateKey) {
    }

    static X509Certificate ca(X500Name subject, PublicKey subjectKey, Issuer issuer, int pathLength, Instant now,
            Instant notAfter, BigInteger serial) {
        try {
            X509v3CertificateBuilder builder = base(subject, subjectKey, issuer, now, notAfter, serial);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return sign(builder, issuer);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate server(X500Name subject, PublicKey subjectKey, Issuer issuer, List<String> dnsNames,
            List<InetAddress> addresses, Instant now, Instant notAfter, BigInteger serial) {
        try {
            X509v3CertificateBuilder builder = leaf(subject, subjectKey, issuer, now, notAfter, serial,
                    KeyPurposeId.id_kp_serverAuth);
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a.getHostAddress())));
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a server certificate needs at least one DNS name or address");
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            return sign(builder, issuer);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate client(X500Name subject, PublicKey subjectKey, Issuer issuer, Instant now,
            Instant notAfter, BigInteger serial) {
        return sign(leaf(subject, subjectKey, issuer, now, notAfter, serial, KeyPurposeId.id_kp_clientAuth), issuer);
    }

    private static X509v3CertificateBuilder leaf(X500Name subject, PublicKey subjectKey, Issuer issuer, Instant now,
            Instant notAfter, BigInteger serial, KeyPurposeId purpose) {
        try {
            X509v3CertificateBuilder builder = base(subject, subjectKey, issuer, now, notAfter, serial);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature | (subjectKey instanceof RSAPublicKey ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            return builder;
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder base(X500Name subject, PublicKey subjectKey, Issuer issuer, Instant now,
            Instant notAfter, BigInteger serial) throws CertIOException {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.name(), serial,
                    Date.from(now.minusSeconds(BACKDATE_SECONDS)), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (!issuer.publicKey().equals(subjectKey)) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuer.publicKey()));
            }
            return builder;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, Issuer issuer) {
        try {
            var signer = new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(issuer.privateKey()))
                    .build(issuer.privateKey());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    static Issuer selfIssuer(X500Name name, KeyPair pair) {
        return new Issuer(name, pair.getPublic(), pair.getPrivate());
    }
}
