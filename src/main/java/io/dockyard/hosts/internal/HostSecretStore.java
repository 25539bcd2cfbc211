package io.dockyard.hosts.internal;

import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A host's write-only values, sealed with AES-256-GCM by {@code pki} before they reach the
 * database. The encryption context is host id plus secret name, so a row moved elsewhere does
 * not decrypt.
 */
@Repository
class HostSecretStore {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    HostSecretStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Writes {@code values} and removes every stored secret not in {@code keep} or {@code values}. */
    void replace(UUID hostId, Map<String, String> values, Set<String> keep) {
        jdbc.sql("delete from host_secrets where host_id = :hostId and not (name = any(:names))")
                .param("hostId", hostId)
                .param("names", union(values.keySet(), keep))
                .update();
        values.forEach((name, value) -> {
            SealedSecret sealed = cipher.seal(value, context(hostId, name));
            jdbc.sql("""
                    insert into host_secrets (host_id, name, key_id, nonce, ciphertext)
                    values (:hostId, :name, :keyId, :nonce, :ciphertext)
                    on conflict (host_id, name) do update
                    set key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext
                    """)
                    .param("hostId", hostId).param("name", name).param("keyId", sealed.keyId())
                    .param("nonce", sealed.nonce()).param("ciphertext", sealed.ciphertext())
                    .update();
        });
    }

    /** Decrypts one value; for the reconciler's payload builder. */
    java.util.Optional<String> read(UUID hostId, String name) {
        return jdbc.sql("select key_id, nonce, ciphertext from host_secrets where host_id = :hostId and name = :name")
                .param("hostId", hostId).param("name", name)
                .query((rs, n) -> new SealedSecret(rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
                .optional()
                .map(sealed -> cipher.open(sealed, context(hostId, name)));
    }

    /** The sealed values of several hosts, by host id and secret name, in one query. */
    Map<UUID, Map<String, SealedSecret>> sealed(Collection<UUID> hostIds) {
        Map<UUID, Map<String, SealedSecret>> out = new HashMap<>();
        jdbc.sql("select host_id, name, key_id, nonce, ciphertext from host_secrets where host_id = any(:ids)")
                .param("ids", hostIds.toArray(UUID[]::new))
                .query(rs -> {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashMap<>())
                            .put(rs.getString(2), new SealedSecret(rs.getString(3), rs.getBytes(4), rs.getBytes(5)));
                });
        return out;
    }

    /** Decrypts one host's sealed values, by secret name; fails if any of them does not open. */
    Map<String, String> open(UUID hostId, Map<String, SealedSecret> sealed) {
        Map<String, String> out = new HashMap<>();
        sealed.forEach((name, value) -> out.put(name, cipher.open(value, context(hostId, name))));
        return out;
    }

    /** Decrypts every value stored for one host, by secret name. */
    Map<String, String> readAll(UUID hostId) {
        return open(hostId, sealed(List.of(hostId)).getOrDefault(hostId, Map.of()));
    }

    /**
     * Re-seals up to {@code batch} values sealed under a key other than the current one (after a key rotation) and
     * returns how many it looked at. Each row is written only if nobody changed it meanwhile, so instances may run
     * this at the same time as each other and as API writes.
     */
    int resealStale(int batch) {
        String current = cipher.currentKeyId();
        record Stale(UUID hostId, String name, SealedSecret sealed) {
        }
        List<Stale> stale = jdbc.sql("""
                select host_id, name, key_id, nonce, ciphertext from host_secrets where key_id <> :current limit :batch
                """)
                .param("current", current).param("batch", batch)
                .query((rs, n) -> new Stale(rs.getObject(1, UUID.class), rs.getString(2),
                        new SealedSecret(rs.getString(3), rs.getBytes(4), rs.getBytes(5))))
                .list();
        for (Stale row : stale) {
            String context = context(row.hostId(), row.name());
            SealedSecret fresh = cipher.seal(cipher.open(row.sealed(), context), context);
            jdbc.sql("""
                    update host_secrets set key_id = :keyId, nonce = :nonce, ciphertext = :ciphertext
                    where host_id = :hostId and name = :name and key_id = :oldKeyId and nonce = :oldNonce
                    """)
                    .param("keyId", fresh.keyId()).param("nonce", fresh.nonce()).param("ciphertext", fresh.ciphertext())
                    .param("hostId", row.hostId()).param("name", row.name()).param("oldKeyId", row.sealed().keyId())
                    .param("oldNonce", row.sealed().nonce())
                    .update();
        }
        return stale.size();
    }

    private static String[] union(Set<String> a, Set<String> b) {
        var all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static String context(UUID hostId, String name) {
        return "host-secret:" + hostId + ":" + name;
    }
}
