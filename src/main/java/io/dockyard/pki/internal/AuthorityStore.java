package io.dockyard.pki.internal;

import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The pki_authorities table. A CA's private key is sealed (AES-256-GCM under the key-encryption
 * key, bound to the authority's id) before it is written and opened only when it is loaded.
 */
@Repository
class AuthorityStore {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    AuthorityStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Serialises CA creation across instances for the rest of the current transaction. */
    void lock(String name) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:name))").param("name", "dockyard-pki:" + name)
                .query().singleValue();
    }

    Optional<Authority> activeShared(String kind) {
        return jdbc.sql("select id, kind, host_id, generation, certificate_pem, key_id, key_nonce, key_ciphertext"
                        + " from pki_authorities where kind = :kind and active and host_id is null")
                .param("kind", kind).query(this::map).optional();
    }

    Optional<Authority> activeClientCa(UUID hostId) {
        return jdbc.sql("select id, kind, host_id, generation, certificate_pem, key_id, key_nonce, key_ciphertext"
                        + " from pki_authorities where host_id = :hostId and active")
                .param("hostId", hostId).query(this::map).optional();
    }

    void insert(Authority authority, Instant now) {
        SealedSecret sealed = cipher.seal(Pem.of(authority.privateKey()), context(authority.id()));
        jdbc.sql("""
                insert into pki_authorities (id, kind, host_id, generation, serial, certificate_pem, key_id,
                                             key_nonce, key_ciphertext, active, created_at)
                values (:id, :kind, :hostId, :generation, :serial, :pem, :keyId, :nonce, :ciphertext, true, :now)
                """)
                .param("id", authority.id()).param("kind", authority.kind()).param("hostId", authority.hostId())
                .param("generation", authority.generation()).param("serial", authority.serial())
                .param("pem", Pem.of(authority.certificate())).param("keyId", sealed.keyId())
                .param("nonce", sealed.nonce()).param("ciphertext", sealed.ciphertext())
                .param("now", Timestamp.from(now))
                .update();
    }

    void deactivate(UUID id) {
        jdbc.sql("update pki_authorities set active = false where id = :id").param("id", id).update();
    }

    int deactivateHost(UUID hostId) {
        return jdbc.sql("update pki_authorities set active = false where host_id = :hostId and active")
                .param("hostId", hostId).update();
    }

    private Authority map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        UUID id = rs.getObject("id", UUID.class);
        X509Certificate certificate = Pem.certificate(rs.getString("certificate_pem"));
        SealedSecret sealed = new SealedSecret(rs.getString("key_id"), rs.getBytes("key_nonce"),
                rs.getBytes("key_ciphertext"));
        return new Authority(id, rs.getString("kind"), rs.getObject("host_id", UUID.class), rs.getInt("generation"),
                certificate, Pem.privateKey(cipher.open(sealed, context(id))));
    }

    /**
     * Re-seals up to {@code batch} CA keys sealed under a key other than the current one (after a key rotation);
     * returns how many it looked at. A row is written only if it is unchanged, so instances may run it together.
     */
    int resealStale(int batch) {
        record Stale(UUID id, SealedSecret sealed) {
        }
        List<Stale> stale = jdbc.sql("""
                select id, key_id, key_nonce, key_ciphertext from pki_authorities where key_id <> :current limit :batch
                """)
                .param("current", cipher.currentKeyId()).param("batch", batch)
                .query((rs, n) -> new Stale(rs.getObject(1, UUID.class),
                        new SealedSecret(rs.getString(2), rs.getBytes(3), rs.getBytes(4))))
                .list();
        for (Stale row : stale) {
            SealedSecret fresh = cipher.seal(cipher.open(row.sealed(), context(row.id())), context(row.id()));
            jdbc.sql("""
                    update pki_authorities set key_id = :keyId, key_nonce = :nonce, key_ciphertext = :ciphertext
                    where id = :id and key_id = :oldKeyId and key_nonce = :oldNonce
                    """)
                    .param("keyId", fresh.keyId()).param("nonce", fresh.nonce()).param("ciphertext", fresh.ciphertext())
                    .param("id", row.id()).param("oldKeyId", row.sealed().keyId()).param("oldNonce", row.sealed().nonce())
                    .update();
        }
        return stale.size();
    }

    private static String context(UUID id) {
        return "pki-authority:" + id;
    }
}
