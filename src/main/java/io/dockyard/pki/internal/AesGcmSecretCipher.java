package io.dockyard.pki.internal;

import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per value and the context as associated data.
 * It seals under the current key-encryption key (from the environment, or wrapped by Key Vault, see {@link KeyVaultKek})
 * and opens under the current one or any of the other configured keys; a value sealed under an unknown key id fails
 * loudly rather than returning garbage.
 */
@Component
class AesGcmSecretCipher implements SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyEncryptionKey kek;
    private final Map<String, SecretKey> others;
    private final SecureRandom random = new SecureRandom();

    AesGcmSecretCipher(PkiProperties properties) {
        this(properties, Optional.empty());
    }

    /** With Key Vault the current key is the vault-wrapped one; environment keys may still open (a move to Key Vault). */
    @Autowired
    AesGcmSecretCipher(PkiProperties properties, Optional<KeyVaultKek> vault) {
        if (vault.isPresent() && properties.kek() != null && !properties.kek().isBlank()) {
            throw new IllegalStateException("Set dockyard.pki.kek or dockyard.pki.key-vault.key-id, not both. To move "
                    + "to Key Vault, give the environment key as dockyard.pki.other-keks.<its id> until the background "
                    + "re-seal has moved every value.");
        }
        this.kek = vault.map(KeyVaultKek::current).orElseGet(() -> KeyEncryptionKey.from(properties));
        Map<String, SecretKey> keys = new HashMap<>(KeyEncryptionKey.others(properties));
        vault.ifPresent(v -> v.others().forEach((id, key) -> {
            if (keys.putIfAbsent(id, key) != null) {
                throw new IllegalStateException("dockyard.pki.other-keks names '" + id + "', the id of a key "
                        + "wrapped by Key Vault; give the environment key another id");
            }
        }));
        this.others = Map.copyOf(keys);
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
