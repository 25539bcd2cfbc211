package io.dockyard.pki.internal;

import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per value and the context as associated data.
 * It seals under the current key-encryption key and opens under the current one or any of the other configured keys;
 * a value sealed under an unknown key id fails loudly rather than returning garbage.
 */
@Component
class AesGcmSecretCipher implements SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyEncryptionKey kek;
    private final Map<String, SecretKey> others;
    private final SecureRandom random = new SecureRandom();

    AesGcmSecretCipher(PkiProperties properties) {
        this.kek = KeyEncryptionKey.from(properties);
        this.others = KeyEncryptionKey.others(properties);
        if (others.containsKey(kek.id())) {
            throw new IllegalStateException("dockyard.pki.other-keks names the current key id '" + kek.id()
                    + "'; give each key its own id");
        }
    }

    @Override
    public String currentKeyId() {
        return kek.id();
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
        SecretKey key = kek.id().equals(sealed.keyId()) ? kek.key() : others.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("Secret sealed under key '" + sealed.keyId()
                    + "' but the configured keys are '" + kek.id() + "'"
                    + (others.isEmpty() ? "" : " and " + String.join(", ", new java.util.TreeSet<>(others.keySet())))
                    + "; add it to dockyard.pki.other-keks.");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed secret did not open: wrong key or tampered data.", e);
        }
    }
}
