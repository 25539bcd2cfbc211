package io.dockyard.pki.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.dockyard.pki.internal.VaultKeyClient.KeyVaultFailure;
import io.dockyard.pki.internal.WrappedKeks.WrappedKek;

/**
 * The key-encryption key when Azure Key Vault guards it (envelope encryption): a random AES-256 data key, generated
 * once and kept in {@code pki_wrapped_keks} only as wrapped by the configured Key Vault RSA key. A start unwraps it
 * with one Key Vault call and keeps it in memory; secrets never go to Key Vault. When the vault key gets a new
 * version, the stored data key is re-wrapped under it (at start and hourly): the data key itself stays, so no sealed
 * value changes and nothing stops. A start fails when Key Vault refuses or cannot be reached; later, such failures
 * only log a warning, as the key in memory keeps working.
 */
@Component
@Conditional(KeyVaultKek.Configured.class)
@DependsOnDatabaseInitialization // reads pki_wrapped_keks while the cipher is built, so Flyway must have run
class KeyVaultKek {

    /** Marks an id as a vault-wrapped key, apart from the ids operators give environment keys. */
    static final String ID_PREFIX = "kv-";
    static final String ALGORITHM = VaultKeyClient.ALGORITHM.toString();

    private static final Logger log = LoggerFactory.getLogger(KeyVaultKek.class);

    private final VaultKeyClient vault;
    private final WrappedKeks store;
    private final String vaultKey;
    private final KeyEncryptionKey current;
    private final Map<String, SecretKey> others;

    @Autowired
    KeyVaultKek(PkiProperties properties, WrappedKeks store) {
        this(VaultKeyClient.from(properties.keyVault()), store);
    }

    private KeyVaultKek(VaultKeyClient vault, WrappedKeks store) {
        this.vault = vault;
        this.store = store;
        String target;
        Loaded loaded;
        try {
            target = vault.wrappingVersion();
            // As Key Vault spells it, so that a differently written setting still finds the same row.
            this.vaultKey = target.substring(0, target.lastIndexOf('/'));
            WrappedKek existing = store.forVaultKey(vaultKey).orElse(null);
            if (existing == null) {
                loaded = createOrJoin(target);
            } else {
                loaded = new Loaded(existing, unwrap(existing));
                log.info("Key-encryption key {} unwrapped with Key Vault key {}", existing.kekId(), existing.vaultKeyId());
            }
        } catch (KeyVaultFailure e) {
            throw new IllegalStateException("Cannot load the key-encryption key: Azure Key Vault key " + e.keyId()
                    + ("Unreachable".equals(e.code())
                            ? " could not be reached (Unreachable: " + e.reason() + "). Check dockyard.pki.key-vault.key-id "
                                    + "and that this instance can reach the vault."
                            : " answered " + e.code() + " (" + e.reason() + "). Check that the key exists and is enabled, "
                                    + "and that Dockyard's identity holds the 'Key Vault Crypto User' role on it "
                                    + "(dockyard.pki.key-vault.key-id)."), e);
        }
        this.current = new KeyEncryptionKey(loaded.row().kekId(), loaded.key());
        if (!loaded.row().vaultKeyId().equals(target)) {
            try {
                rewrapTo(target);
            } catch (KeyVaultFailure e) {
                log.warn("Key-encryption key {} stays wrapped under {}: re-wrapping it under {} failed with {}; "
                        + "the next hourly check tries again", current.id(), loaded.row().vaultKeyId(), target, e.code());
            }
        }
        this.others = othersThan(vaultKey);
    }

    private record Loaded(WrappedKek row, SecretKey key) {
    }

    /**
     * No data key exists yet: generate one, wrap it, and insert it unless another instance got there first; either
     * way every instance ends up with the row that is stored.
     */
    private Loaded createOrJoin(String target) {
        SecureRandom random = new SecureRandom();
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        byte[] id = new byte[6];
        random.nextBytes(id);
        try {
            WrappedKek mine = new WrappedKek(ID_PREFIX + HexFormat.of().formatHex(id), vaultKey, target, ALGORITHM,
                    vault.wrap(target, fresh));
            boolean inserted = store.insertIfAbsent(mine);
            WrappedKek stored = store.forVaultKey(vaultKey).orElseThrow(() -> new IllegalStateException(
                    "pki_wrapped_keks has no row for " + vaultKey + " right after the insert"));
            if (inserted && stored.kekId().equals(mine.kekId())) {
                log.info("Generated key-encryption key {} and stored it wrapped by Key Vault key {}", mine.kekId(), target);
                return new Loaded(stored, new SecretKeySpec(fresh, "AES"));
            }
            log.info("Key-encryption key {} was stored by another instance meanwhile; using it", stored.kekId());
            return new Loaded(stored, unwrap(stored));
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
    }

    KeyEncryptionKey current() {
        return current;
    }

    /** Data keys wrapped by other vault keys (from before a switch of vault key): they open values, never seal. */
    Map<String, SecretKey> others() {
        return others;
    }

    /**
     * Re-wraps the data key under the vault key's newest (or pinned) version once Key Vault rotated it. Every
     * instance may run it; the row changes only if it still names the version this instance read.
     */
    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "PT1H")
    public void rewrap() {
        try {
            rewrapTo(vault.wrappingVersion());
        } catch (KeyVaultFailure e) {
            log.warn("Could not check Key Vault key {} for a new version ({}); the key-encryption key {} in memory "
                    + "stays in use, the next hourly check tries again", e.keyId(), e.code(), current.id());
        }
    }

    private void rewrapTo(String target) {
        WrappedKek row = store.forVaultKey(vaultKey).orElse(null);
        if (row == null || row.vaultKeyId().equals(target)) {
            return;
        }
        if (!row.kekId().equals(current.id())) {
            log.warn("pki_wrapped_keks holds key {} for {}, but this instance uses {}; not re-wrapping it", row.kekId(),
                    vaultKey, current.id());
            return;
        }
        // The data key is in memory already, so the new wrap needs no unwrap under the old version first.
        byte[] plain = current.key().getEncoded();
        try {
            if (store.rewrap(row.kekId(), row.vaultKeyId(), target, ALGORITHM, vault.wrap(target, plain))) {
                log.info("Re-wrapped key-encryption key {} under Key Vault key {} (was {})", row.kekId(), target,
                        row.vaultKeyId());
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private SecretKey unwrap(WrappedKek row) {
        if (!ALGORITHM.equals(row.algorithm())) {
            throw new IllegalStateException("Key-encryption key " + row.kekId() + " is wrapped with " + row.algorithm()
                    + "; Dockyard unwraps " + ALGORITHM + " only");
        }
        byte[] plain = vault.unwrap(row.vaultKeyId(), row.wrappedKey());
        try {
            if (plain.length != 32) {
                throw new IllegalStateException("Key Vault key " + row.vaultKeyId() + " unwrapped key-encryption key "
                        + row.kekId() + " to " + plain.length + " bytes, not 32");
            }
            return new SecretKeySpec(plain, "AES");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private Map<String, SecretKey> othersThan(String vaultKey) {
        Map<String, SecretKey> keys = new HashMap<>();
        for (WrappedKek row : store.all()) {
            if (row.vaultKey().equals(vaultKey)) {
                continue;
            }
            try {
                keys.put(row.kekId(), unwrap(row));
            } catch (KeyVaultFailure e) {
                log.warn("Key-encryption key {} (wrapped by {}, not the configured vault key) did not unwrap: {}; "
                        + "values still sealed under it will not open", row.kekId(), row.vaultKeyId(), e.code());
            }
        }
        return Map.copyOf(keys);
    }

    /** Only a set key id turns Key Vault on; the production profile maps it to an empty default. */
    static final class Configured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String keyId = context.getEnvironment().getProperty("dockyard.pki.key-vault.key-id");
            return keyId != null && !keyId.isBlank();
        }
    }
}
