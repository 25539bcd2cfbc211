package io.dockyard.pki.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Key generation and the signature algorithm that goes with each key. The root uses ECDSA P-384
 * (it lives ten years and signs rarely); the issuing CAs (server CA, client CAs) use P-256, the
 * strength of the leaves they sign, because a P-384 signature costs eight times a P-256 one and
 * they sign on every request; leaves use ECDSA P-256 or RSA 3072. Go's TLS (dockerd, the docker
 * CLI) accepts all of them.
 */
final class KeyPairs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    static KeyPair rootKey() {
        return ec("secp384r1");
    }

    static KeyPair issuingCaKey() {
        return ec("secp256r1");
    }

    static KeyPair leafKey(String kind) {
        return kind.equals("rsa-3072") ? rsa(3072) : ec("secp256r1");
    }

    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }

    private static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
