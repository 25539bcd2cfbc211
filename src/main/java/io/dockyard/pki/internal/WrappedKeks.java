package io.dockyard.pki.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The pki_wrapped_keks table: data key-encryption keys as Key Vault wrapped them. Nothing here is secret without
 * Key Vault. Writes are conditional, so instances that start or re-wrap at the same moment agree on one row.
 */
@Repository
class WrappedKeks {

    /** One row: which data key, which vault key (and version) wrapped it, and the wrapped bytes. */
    record WrappedKek(String kekId, String vaultKey, String vaultKeyId, String algorithm, byte[] wrappedKey) {
    }

    private final JdbcClient jdbc;

    WrappedKeks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<WrappedKek> forVaultKey(String vaultKey) {
        return jdbc.sql("select kek_id, vault_key, vault_key_id, algorithm, wrapped_key from pki_wrapped_keks"
                        + " where vault_key = :vaultKey")
                .param("vaultKey", vaultKey).query(this::map).optional();
    }

    List<WrappedKek> all() {
        return jdbc.sql("select kek_id, vault_key, vault_key_id, algorithm, wrapped_key from pki_wrapped_keks"
                        + " order by created_at, kek_id")
                .query(this::map).list();
    }

    /** Inserts unless a data key for the same vault key (or with the same id) exists; says whether it did. */
    boolean insertIfAbsent(WrappedKek kek) {
        return jdbc.sql("""
                insert into pki_wrapped_keks (kek_id, vault_key, vault_key_id, algorithm, wrapped_key)
                values (:kekId, :vaultKey, :vaultKeyId, :algorithm, :wrapped)
                on conflict do nothing
                """)
                .param("kekId", kek.kekId()).param("vaultKey", kek.vaultKey()).param("vaultKeyId", kek.vaultKeyId())
                .param("algorithm", kek.algorithm()).param("wrapped", kek.wrappedKey())
                .update() == 1;
    }

    /** Replaces the wrapped form if it is still the one wrapped under {@code fromVaultKeyId}; says whether it did. */
    boolean rewrap(String kekId, String fromVaultKeyId, String toVaultKeyId, String algorithm, byte[] wrapped) {
        return jdbc.sql("""
                update pki_wrapped_keks
                set vault_key_id = :to, algorithm = :algorithm, wrapped_key = :wrapped, rewrapped_at = now()
                where kek_id = :kekId and vault_key_id = :from
                """)
                .param("to", toVaultKeyId).param("algorithm", algorithm).param("wrapped", wrapped)
                .param("kekId", kekId).param("from", fromVaultKeyId)
                .update() == 1;
    }

    private WrappedKek map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new WrappedKek(rs.getString("kek_id"), rs.getString("vault_key"), rs.getString("vault_key_id"),
                rs.getString("algorithm"), rs.getBytes("wrapped_key"));
    }
}
