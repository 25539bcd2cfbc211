package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The server side of an engine's TLS, built from exactly the PEM files a VM's payload wrote: the
 * server certificate chain with its key, and the CA certificates client certificates must chain to.
 * Loading fails with a readable reason, since a bad file is the payload author's mistake to fix.
 *
 * @param trustsClients whether {@code context} trusts a CA bundle, so client certificates can be required
 */
record TlsMaterial(SSLContext context, boolean trustsClients) {

    /** Loads and cross-checks the TLS files of a daemon configuration that has TLS on. */
    static TlsMaterial load(DaemonConfig config) throws EngineStartException {
        List<X509Certificate> chain = certificates(config.certFile(), "server certificate (tlscert)");
        PrivateKey key = privateKey(config.keyFile());
        requireMatch(chain.getFirst(), key, config);
        List<X509Certificate> cas = config.caFile() == null ? List.of()
                : certificates(config.caFile(), "CA certificate (tlscacert)");
        if (config.tlsVerify() && cas.isEmpty()) {
            throw new EngineStartException("tlsverify needs a CA certificate (tlscacert)");
        }
        try {
            KeyManager[] keyManagers = {new ServerKey(key, chain.toArray(X509Certificate[]::new))};
            TrustManagerFactory tmf = null;
            if (!cas.isEmpty()) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf == null ? null : tmf.getTrustManagers(), new SecureRandom());
            return new TlsMaterial(context, tmf != null);
        } catch (GeneralSecurityException | IOException e) {
            throw new EngineStartException("cannot set up TLS from the written files: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path file, String what) throws EngineStartException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (NoSuchFileException e) {
            throw new EngineStartException(what + " file " + file + " does not exist");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new EngineStartException(what + " file " + file + " does not parse: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new EngineStartException(what + " file " + file + " holds no PEM certificate");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws EngineStartException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                switch (item) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PEMEncryptedKeyPair ignored ->
                            throw new EngineStartException("server key (tlskey) file " + file + " is encrypted; dockerd needs an unencrypted key");
                    case PKCS8EncryptedPrivateKeyInfo ignored ->
                            throw new EngineStartException("server key (tlskey) file " + file + " is encrypted; dockerd needs an unencrypted key");
                    default -> {
                        // EC parameters and the like: keep looking
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new EngineStartException("server key (tlskey) file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new EngineStartException("server key (tlskey) file " + file + " does not parse: " + e.getMessage(), e);
        }
        throw new EngineStartException("server key (tlskey) file " + file
                + " holds no PEM private key (expected PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    private static void requireMatch(X509Certificate certificate, PrivateKey key, DaemonConfig config)
            throws EngineStartException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "dockyard".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: a mismatch as well
        }
        throw new EngineStartException("server key " + config.keyFile() + " does not match server certificate "
                + config.certFile());
    }
}
