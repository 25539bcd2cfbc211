package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who runs the next fleet-wide drift check: the first instance to claim the round once it is due. The claim and
 * the end of a round are single statements on the reconciler's own {@code reconciler_rounds} row, so no lock or
 * transaction is held while Azure is listed; an instance that dies mid-round leaves a lease that expires.
 */
final class DriftRounds {

    static final String DRIFT_CHECK = "drift-check";
    private final JdbcClient jdbc;

    DriftRounds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The round's token when this instance may run the check now; empty when it is not due or someone runs it. */
    Optional<String> claim(String instanceId, Duration lease) {
        String token = instanceId + "/" + UUID.randomUUID();
        int claimed = jdbc.sql("""
                update reconciler_rounds set owner = :token, lease_until = now() + :micros * interval '1 microsecond'
                where name = :name and next_at <= now() and (lease_until is null or lease_until < now())
                """)
                .param("token", token).param("micros", lease.toNanos() / 1000).param("name", DRIFT_CHECK).update();
        return claimed == 1 ? Optional.of(token) : Optional.empty();
    }

    /** Ends the round and schedules the next one {@code after} from now, if the token still holds it. */
    boolean finish(String token, Duration after) {
        return jdbc.sql("""
                update reconciler_rounds set owner = null, lease_until = null,
                       next_at = now() + :micros * interval '1 microsecond'
                where name = :name and owner = :token
                """)
                .param("token", token).param("micros", after.toNanos() / 1000).param("name", DRIFT_CHECK).update() == 1;
    }

    /** Makes the next round due now (tests, and an operator who wants a check at once). */
    void dueNow() {
        jdbc.sql("update reconciler_rounds set next_at = now() where name = :name").param("name", DRIFT_CHECK).update();
    }
}
