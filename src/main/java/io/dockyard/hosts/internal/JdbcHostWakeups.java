package io.dockyard.hosts.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.dockyard.hosts.HostWakeups;

/** Sets {@code next_reconcile_at} to now for every host and announces it once on the reconciler's channel. */
@Component
class JdbcHostWakeups implements HostWakeups {

    private final JdbcClient jdbc;

    JdbcHostWakeups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public int wakeAll() {
        int woken = jdbc.sql("update hosts set next_reconcile_at = now() where next_reconcile_at is null "
                + "or next_reconcile_at > now()").update();
        jdbc.sql("select pg_notify('" + HostRepository.CHANNEL + "', 'all')").query().singleValue();
        return woken;
    }
}
