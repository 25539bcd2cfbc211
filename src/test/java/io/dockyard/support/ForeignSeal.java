package io.dockyard.support;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.dockyard.pki.SealedSecret;

/**
 * Seals a value the way Dockyard does (AES-256-GCM, 96-bit nonce, the context as associated data) under a key the
 * running application does not seal with — what a database holds after the key-encryption key was rotated.
 */
public final class ForeignSeal {

    private ForeignSeal() {
    }

    public static SealedSecret seal(String keyId, String base64Key, String plaintext, String context) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(keyId, nonce, cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
