package io.dockyard.pki;

/**
 * A secret encrypted at rest: the id of the key-encryption key that sealed it (so the key can be
 * rotated while old rows stay readable), the 96-bit GCM nonce and the ciphertext with its tag.
 */
public record SealedSecret(String keyId, byte[] nonce, byte[] ciphertext) {
}
