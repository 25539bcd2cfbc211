package io.dockyard.security.internal;

import io.dockyard.security.ApiTokenView;
import io.dockyard.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The api_tokens table. Only hashes are stored; the secret itself never reaches the database.
 */
@Repository
class ApiTokenRepository {

    private static final String COLUMNS =
            "id, team, role, description, prefix, created_at, created_by, expires_at, revoked_at";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiTokenView token, byte[] hash) {
        jdbc.sql("""
                insert into api_tokens (id, token_hash, team, role, description, prefix, created_at, created_by, expires_at)
                values (:id, :hash, :team, :role, :description, :prefix, :createdAt, :createdBy, :expiresAt)
                """)
                .param("id", token.id())
                .param("hash", hash)
                .param("team", token.team())
                .param("role", token.role().wireName())
                .param("description", token.description())
                .param("prefix", token.prefix())
                .param("createdAt", Timestamp.from(token.createdAt()))
                .param("createdBy", token.createdBy())
                .param("expiresAt", Timestamp.from(token.expiresAt()))
                .update();
    }

    Optional<ApiTokenView> findByHash(byte[] hash) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where token_hash = :hash")
                .param("hash", hash).query(ApiTokenRepository::map).optional();
    }

    List<ApiTokenView> findAll() {
        return jdbc.sql("select " + COLUMNS + " from api_tokens order by created_at, id")
                .query(ApiTokenRepository::map).list();
    }

    /** Marks a live token revoked; false when it is unknown or was revoked already. */
    boolean markRevoked(UUID id) {
        return jdbc.sql("update api_tokens set revoked_at = now() where id = :id and revoked_at is null")
                .param("id", id).update() == 1;
    }

    Optional<ApiTokenView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where id = :id")
                .param("id", id).query(ApiTokenRepository::map).optional();
    }

    Optional<byte[]> hashOf(UUID id) {
        return jdbc.sql("select token_hash from api_tokens where id = :id")
                .param("id", id).query((rs, n) -> rs.getBytes(1)).optional();
    }

    private static ApiTokenView map(ResultSet rs, int row) throws SQLException {
        return new ApiTokenView(
                rs.getObject("id", UUID.class),
                rs.getString("team"),
                Role.fromWire(rs.getString("role")),
                rs.getString("description"),
                rs.getString("prefix"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
