package io.dockyard.hosts.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only history of each host. Events outlive their host (no foreign key) so that what
 * happened to a deleted host can still be read until the retention time passes.
 */
@Repository
class HostEventRepository {

    private final JdbcClient jdbc;

    HostEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(UUID hostId, String team, HostEvent.Type type, String reason, String message, long generation,
            String principal, Instant at) {
        jdbc.sql("""
                insert into host_events (host_id, team, at, type, reason, message, generation, principal)
                values (:hostId, :team, :at, :type, :reason, :message, :generation, :principal)
                """)
                .param("hostId", hostId).param("team", team).param("at", Timestamp.from(at))
                .param("type", type.name()).param("reason", reason).param("message", message)
                .param("generation", generation).param("principal", principal)
                .update();
    }

    List<HostEvent> page(UUID hostId, long after, int limit) {
        return jdbc.sql("""
                select id, at, type, reason, message, generation from host_events
                where host_id = :hostId and id > :after order by id limit :limit
                """)
                .param("hostId", hostId).param("after", after).param("limit", limit)
                .query((rs, n) -> new HostEvent(rs.getLong("id"), HostRepository.instant(rs, "at"),
                        HostEvent.Type.valueOf(rs.getString("type")), rs.getString("reason"),
                        rs.getString("message"), rs.getLong("generation")))
                .list();
    }

    /** The team of a host that only lives on in its events, if any. */
    java.util.Optional<String> teamOfEvents(UUID hostId) {
        return jdbc.sql("select team from host_events where host_id = :hostId limit 1")
                .param("hostId", hostId).query(String.class).optional();
    }

    int deleteOlderThan(Instant cutoff) {
        return jdbc.sql("delete from host_events where at < :cutoff").param("cutoff", Timestamp.from(cutoff)).update();
    }
}
