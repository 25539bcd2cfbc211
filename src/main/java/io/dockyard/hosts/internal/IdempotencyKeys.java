package io.dockyard.hosts.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys for host creation, scoped per caller. A key is claimed inside the creating
 * transaction: a concurrent request with the same key waits on the unique index and then sees the
 * finished answer, and a failed request leaves no key behind.
 */
@Repository
class IdempotencyKeys {

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this transaction now owns the key; false when someone else's answer exists. */
    boolean claim(String scope, String key, byte[] requestHash, Instant now, Instant expiresAt) {
        jdbc.sql("delete from idempotency_keys where scope = :scope and key = :key and expires_at <= :now")
                .param("scope", scope).param("key", key).param("now", Timestamp.from(now)).update();
        return jdbc.sql("""
                insert into idempotency_keys (scope, key, request_hash, created_at, expires_at)
                values (:scope, :key, :hash, :now, :expiresAt)
                on conflict (scope, key) do nothing
                """)
                .param("scope", scope).param("key", key).param("hash", requestHash)
                .param("now", Timestamp.from(now)).param("expiresAt", Timestamp.from(expiresAt))
                .update() == 1;
    }

    Optional<StoredAnswer> find(String scope, String key) {
        return jdbc.sql("""
                select request_hash, response_status, response_body, location, etag
                from idempotency_keys where scope = :scope and key = :key
                """)
                .param("scope", scope).param("key", key)
                .query((rs, n) -> new StoredAnswer(rs.getBytes(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .optional();
    }

    void complete(String scope, String key, StoredAnswer answer) {
        jdbc.sql("""
                update idempotency_keys set response_status = :status, response_body = :body,
                       location = :location, etag = :etag
                where scope = :scope and key = :key
                """)
                .param("scope", scope).param("key", key).param("status", answer.status())
                .param("body", answer.body()).param("location", answer.location()).param("etag", answer.etag())
                .update();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("delete from idempotency_keys where expires_at <= :now")
                .param("now", Timestamp.from(now)).update();
    }

    /** The first answer given for a key. */
    record StoredAnswer(byte[] requestHash, int status, String body, String location, String etag) {
    }
}
