package io.dockyard.audit.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit_records table: append, page through, and purge past the retention time. The table refuses updates,
 * and deletes outside the purge (see V5__audit.sql).
 */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends in the caller's transaction; {@code at} is the database's now(). */
    void append(AuditEntry entry) {
        jdbc.sql("""
                insert into audit_records (principal, principal_teams, action, target_type, target_id, target_team,
                    request_id, outcome, details)
                values (:principal, :teams, :action, :targetType, :targetId, :targetTeam, :requestId, 'succeeded',
                    cast(:details as jsonb))
                """)
                .param("principal", entry.principal())
                .param("teams", entry.principalTeams().toArray(String[]::new))
                .param("action", entry.action().wireName())
                .param("targetType", entry.action().targetType().wireName())
                .param("targetId", entry.targetId())
                .param("targetTeam", entry.targetTeam())
                .param("requestId", entry.requestId())
                .param("details", json.writeValueAsString(entry.details()))
                .update();
    }

    /** Records matching the filter with an id below {@code before} (all when null), newest first. */
    List<AuditRecord> page(AuditFilter filter, Long before, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.team() != null) {
            where.add("(target_team = :team or principal_teams @> array[cast(:team as text)])");
            params.put("team", filter.team());
        }
        if (filter.principal() != null) {
            where.add("principal = :principal");
            params.put("principal", filter.principal());
        }
        if (filter.action() != null) {
            where.add("action = :action");
            params.put("action", filter.action());
        }
        if (filter.targetId() != null) {
            where.add("target_id = :targetId");
            params.put("targetId", filter.targetId());
        }
        if (filter.from() != null) {
            where.add("at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.add("at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        if (before != null) {
            where.add("id < :before");
            params.put("before", before);
        }
        params.put("limit", limit);
        String sql = "select id, at, principal, principal_teams, action, target_type, target_id, target_team,"
                + " request_id, outcome, details::text as details from audit_records"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :limit";
        return jdbc.sql(sql).params(params).query(this::map).list();
    }

    /**
     * Deletes records older than the retention time, by the database's clock. The setting is local to this
     * transaction and is what the append-only trigger lets through.
     */
    int purgeOlderThan(Duration retention) {
        jdbc.sql("select set_config('dockyard.audit_purge', 'on', true)").query(String.class).single();
        return jdbc.sql("delete from audit_records where at < now() - make_interval(secs => :seconds)")
                .param("seconds", (double) retention.toSeconds())
                .update();
    }

    private AuditRecord map(ResultSet rs, int row) throws SQLException {
        Array teams = rs.getArray("principal_teams");
        return new AuditRecord(
                rs.getLong("id"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("principal"),
                teams == null ? List.of() : List.of((String[]) teams.getArray()),
                rs.getString("action"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("target_team"),
                rs.getString("request_id"),
                rs.getString("outcome"),
                json.readTree(rs.getString("details")));
    }
}
