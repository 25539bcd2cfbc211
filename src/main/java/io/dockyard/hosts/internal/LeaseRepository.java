package io.dockyard.hosts.internal;

import io.dockyard.hosts.DueQueue;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the reconciler's leases on the hosts table. Due order is {@code coalesce(lease_until,
 * next_reconcile_at)}: a leased host is due when its lease ends, an unleased one at its next reconcile time
 * (index {@code hosts_claimable}, V3). Times come from the database clock. The lease columns change together:
 * {@code lease_owner} is null exactly when {@code lease_until} is.
 */
@Repository
class LeaseRepository {

    private static final String DUE = "coalesce(lease_until, next_reconcile_at)";

    private final JdbcClient jdbc;

    LeaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A row just claimed: what a pass needs, the new lease, and since when it was due. */
    record Claimed(UUID id, String team, String name, String location, String spec, long generation, String status,
            Instant deletionRequestedAt, String token, Instant leaseUntil, Instant dueSince) {
    }

    /** The held row, locked for this transaction, and the transaction's time. */
    record Held(UUID id, String team, long generation, Instant nextReconcileAt, Instant deletionRequestedAt,
            Instant now) {
    }

    /**
     * Leases up to {@code limit} due hosts in one statement. Clearing {@code next_reconcile_at} consumes the
     * wake-up the pass is answering; a crash leaves the expired lease as the reason to come back.
     */
    List<Claimed> claim(String instanceId, int limit, Duration lease, boolean newOnly) {
        return jdbc.sql("""
                with due as (
                    select id, %1$s as due_since from hosts
                    where %1$s <= now()%2$s
                    order by (phase = 'Pending'), %1$s
                    limit :limit
                    for update skip locked
                )
                update hosts h
                   set lease_owner = :instance || '/' || gen_random_uuid()::text,
                       lease_until = now() + :micros * interval '1 microsecond',
                       next_reconcile_at = null
                  from due
                 where h.id = due.id
                returning h.id, h.team, h.name, h.location, h.spec::text, h.generation, h.status::text,
                          h.deletion_requested_at, h.lease_owner, h.lease_until, due.due_since
                """.formatted(DUE, newOnly ? " and phase = 'Pending'" : ""))
                .param("limit", limit)
                .param("instance", instanceId)
                .param("micros", micros(lease))
                .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), instant(rs, 8),
                        rs.getString(9), instant(rs, 10), instant(rs, 11)))
                .list();
    }

    boolean renew(UUID id, String token, Duration extension) {
        return jdbc.sql("""
                update hosts set lease_until = now() + :micros * interval '1 microsecond'
                where id = :id and lease_owner = :token
                """)
                .param("id", id).param("token", token).param("micros", micros(extension))
                .update() == 1;
    }

    /** Locks the host if {@code token} still holds its lease; empty when another claim took it or it is gone. */
    Optional<Held> lockHeld(UUID id, String token) {
        return jdbc.sql("""
                select id, team, generation, next_reconcile_at, deletion_requested_at, now() from hosts
                where id = :id and lease_owner = :token
                for update
                """)
                .param("id", id).param("token", token)
                .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        instant(rs, 4), instant(rs, 5), instant(rs, 6)))
                .optional();
    }

    /** Stores a status; the version bump changes the ETag. The caller holds the row lock. */
    void writeStatus(UUID id, String token, String status, String phase) {
        jdbc.sql("""
                update hosts set status = cast(:status as json), phase = :phase, version = version + 1,
                                 updated_at = now()
                where id = :id and lease_owner = :token
                """)
                .param("id", id).param("token", token).param("status", status).param("phase", phase)
                .update();
    }

    /** Stores the final status of a pass, schedules the next one and releases the lease. */
    void finish(UUID id, String token, String status, String phase, Instant nextReconcileAt) {
        jdbc.sql("""
                update hosts set status = cast(:status as json), phase = :phase, version = version + 1,
                                 updated_at = now(), next_reconcile_at = :next,
                                 lease_owner = null, lease_until = null
                where id = :id and lease_owner = :token
                """)
                .param("id", id).param("token", token).param("status", status).param("phase", phase)
                .param("next", nextReconcileAt == null ? null : Timestamp.from(nextReconcileAt))
                .update();
    }

    /** Releases the lease and makes the host due again within {@code dueIn} (sooner if already asked). */
    boolean release(UUID id, String token, Duration dueIn) {
        return jdbc.sql("""
                update hosts set lease_owner = null, lease_until = null,
                                 next_reconcile_at = least(next_reconcile_at, now() + :micros * interval '1 microsecond')
                where id = :id and lease_owner = :token
                """)
                .param("id", id).param("token", token).param("micros", micros(dueIn))
                .update() == 1;
    }

    /**
     * Tells every listening reconciler that the host is due now, with the payload the API sends: a host left due
     * by a pass (an API write came in meanwhile) was announced while it was leased, when no one could take it.
     */
    void announceDue(UUID id) {
        jdbc.sql("select pg_notify('" + HostRepository.CHANNEL + "', :id)").param("id", id.toString()).query().singleValue();
    }

    void delete(UUID id, String token) {
        jdbc.sql("delete from hosts where id = :id and lease_owner = :token")
                .param("id", id).param("token", token).update();
    }

    DueQueue dueQueue() {
        return jdbc.sql("""
                select (select count(*) from hosts where %1$s <= now()),
                       (select extract(epoch from now() - min(%1$s)) from hosts where %1$s <= now()),
                       (select count(*) from hosts where lease_owner is not null and lease_until > now())
                """.formatted(DUE))
                .query((rs, n) -> new DueQueue(rs.getLong(1), age(rs.getBigDecimal(2)), rs.getLong(3)))
                .single();
    }

    /** The wait until the earliest due time still ahead (index {@code hosts_claimable}); empty when there is none. */
    Optional<Duration> untilNextDue() {
        BigDecimal seconds = jdbc.sql("select extract(epoch from min(%1$s) - now()) from hosts where %1$s > now()"
                        .formatted(DUE))
                .query((rs, n) -> Optional.ofNullable(rs.getBigDecimal(1))).single().orElse(null);
        return seconds == null ? Optional.empty() : Optional.of(age(seconds));
    }

    private static Duration age(BigDecimal seconds) {
        if (seconds == null || seconds.signum() <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
