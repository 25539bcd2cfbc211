package io.dockyard.pki.internal;

import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per value and the context as associated data.
 * Opening a value sealed under an unknown key id fails loudly rather than returning garbage.
 */
@Component
class AesGcmSecretCipher implements SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyEncryptionKey kek;
    private final SecureRandom random = new SecureRandom();

    AesGcmSecretCipher(PkiProperties properties) {
        this.kek = KeyEncryptionKey.from(properties);
    }

    @Override
    public SealedSecret seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(kek.id(), nonce, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public String open(SealedSecret sealed, String context) {
        if (!kek.id().equals(sealed.keyId())) {
            throw new IllegalStateException("Secret sealed under key '" + sealed.keyId()
                    + "' but the configured key is '" + kek.id() + "'.");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek.key(), new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed secret did not open: wrong key or tampered data.", e);
        }
    }
}
