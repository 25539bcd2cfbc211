package io.dockyard.pki.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key and its id, loaded from configuration or, in local mode, from a file
 * generated on first start (mode 0600) so that restarts can still read what was sealed before. With Key Vault,
 * {@link KeyVaultKek} makes it from the unwrapped data key instead.
 */
record KeyEncryptionKey(String id, SecretKey key) {

    /** The other configured keys by id: they open values sealed under them, and never seal. */
    static Map<String, SecretKey> others(PkiProperties properties) {
        Map<String, SecretKey> keys = new HashMap<>();
        properties.otherKeks().forEach((id, base64) -> keys.put(id, decode(base64.trim(), "dockyard.pki.other-keks." + id)));
        return Map.copyOf(keys);
    }

    static KeyEncryptionKey from(PkiProperties properties) {
        if (properties.kek() != null && !properties.kek().isBlank()) {
            return new KeyEncryptionKey(properties.kekId(), decode(properties.kek().trim(), "dockyard.pki.kek"));
        }
        if (properties.devKekFile() != null) {
            return new KeyEncryptionKey("dev", decode(loadOrCreate(properties.devKekFile()), properties.devKekFile().toString()));
        }
        throw new IllegalStateException("No key-encryption key: set dockyard.pki.kek (DOCKYARD_PKI_KEK) to the base64 of 32 random bytes, e.g. from 'openssl rand -base64 32', "
                + "or dockyard.pki.key-vault.key-id (DOCKYARD_PKI_KEY_VAULT_KEY_ID) to a Key Vault key that wraps one.");
    }

    private static SecretKey decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64.");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes (AES-256), it holds " + bytes.length + ".");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String encoded = Base64.getEncoder().encodeToString(bytes);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, encoded + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system (Windows); the directory is the user's own.
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the dev key-encryption key at " + file, e);
        }
    }
}
