package io.dockyard.pki;

/**
 * Encrypts secrets that Dockyard must store (registry passwords, environment values, CA keys) with
 * AES-256-GCM under the key-encryption key. The {@code context} is bound into the ciphertext as
 * associated data, so a sealed value copied to another row or field does not open.
 */
public interface SecretCipher {

    SealedSecret seal(String plaintext, String context);

    String open(SealedSecret sealed, String context);

    /** The id of the key that {@link #seal} uses now; values under any other id are re-sealed in the background. */
    String currentKeyId();
}
