package io.dockyard.hosts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.dockyard.hosts.HostDrift;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.SettledHost;

/**
 * {@link HostDrift} on PostgreSQL. Reading the settled hosts is one query over the phase index; a wake is one short
 * transaction that sets {@code next_reconcile_at} only if nothing changed since the read, appends the event with
 * the reconciler as its principal, and notifies the loops.
 */
@Component
class JdbcHostDrift implements HostDrift {

    private static final Logger log = LoggerFactory.getLogger(JdbcHostDrift.class);
    /** The principal of the events a drift check appends. */
    static final String PRINCIPAL = "reconciler/drift-check";

    private final JdbcClient jdbc;
    private final HostEventRepository events;

    JdbcHostDrift(JdbcClient jdbc, HostEventRepository events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public List<SettledHost> settled(Instant before) {
        Objects.requireNonNull(before, "before");
        List<SettledHost> settled = new ArrayList<>();
        jdbc.sql("""
                select id, team, name, location, generation, spec::text, status::text from hosts
                where phase in (:ready, :degraded) and deletion_requested_at is null and lease_until is null
                """)
                .param("ready", HostPhase.Ready.name()).param("degraded", HostPhase.Degraded.name())
                .query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    try {
                        HostStatus status = StatusJson.read(rs.getString(7));
                        if (status.lastReconcileAt() != null && status.lastReconcileAt().isBefore(before)) {
                            settled.add(new SettledHost(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getLong(5), SpecView.fromText(rs.getString(6)), status));
                        }
                    } catch (RuntimeException e) {
                        // Its own passes report an unreadable host; the drift check just skips it.
                        log.warn("Host {} left out of the drift check: its stored spec or status does not read", id);
                    }
                });
        return settled;
    }

    @Override
    @Transactional
    public boolean wake(UUID hostId, long generation, HostEventDraft event) {
        Objects.requireNonNull(event, "event");
        List<Woken> woken = jdbc.sql("""
                update hosts set next_reconcile_at = now()
                where id = :id and generation = :generation and deletion_requested_at is null
                  and (next_reconcile_at is null or next_reconcile_at > now())
                returning team, now()
                """)
                .param("id", hostId).param("generation", generation)
                .query((rs, n) -> new Woken(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant()))
                .list();
        if (woken.isEmpty()) {
            return false;
        }
        events.append(hostId, woken.getFirst().team(), HostEvent.Type.valueOf(event.type().name()), event.reason(),
                event.message(), generation, PRINCIPAL, woken.getFirst().at());
        jdbc.sql("select pg_notify('" + HostRepository.CHANNEL + "', :id)").param("id", hostId.toString())
                .query().singleValue();
        return true;
    }

    private record Woken(String team, Instant at) {
    }
}
