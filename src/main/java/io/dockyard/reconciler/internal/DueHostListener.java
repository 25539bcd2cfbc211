package io.dockyard.reconciler.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears that a host became due: one connection of its own that {@code LISTEN}s on the channel the hosts module
 * notifies on, so that work starts within about a second instead of at the next poll. A dropped connection is
 * reopened with a growing, jittered delay; notifications sent meanwhile are lost, so a reconnect counts as a
 * wake-up (the caller then looks for due hosts anyway). Used by the loop's thread only. It holds one connection
 * of the pool for as long as the loop runs.
 */
final class DueHostListener implements AutoCloseable {

    /** The channel {@code HostLeases} and the hosts API notify with a host's id whenever it becomes due. */
    static final String CHANNEL = "dockyard_hosts";

    private static final Logger log = LoggerFactory.getLogger(DueHostListener.class);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final Backoff backoff;
    private volatile Connection connection;
    private PGConnection notifications;
    private int failures;
    private long nextAttemptAt = System.nanoTime();

    DueHostListener(DataSource dataSource, Duration firstRetry, Duration longestRetry) {
        this.dataSource = dataSource;
        this.backoff = new Backoff(firstRetry, longestRetry, new SplittableRandom());
    }

    /**
     * Waits up to {@code timeout} for a notification. True when one (or more) arrived, or when the connection was
     * just (re)opened and notifications may have been missed; false when the time passed quietly.
     */
    boolean await(Duration timeout) throws InterruptedException {
        if (connection == null) {
            long untilAttempt = nextAttemptAt - System.nanoTime();
            if (untilAttempt > 0) {
                Thread.sleep(Duration.ofNanos(Math.min(untilAttempt, timeout.toNanos())));
                return false;
            }
            return connect();
        }
        try {
            PGNotification[] received = notifications.getNotifications((int) Math.max(1, timeout.toMillis()));
            return received != null && received.length > 0;
        } catch (SQLException e) {
            dropped(e);
            return false;
        }
    }

    /**
     * Reads and drops what has arrived, without waiting: while every slot is busy nobody needs the news, but unread
     * notifications must not pile up in the connection (the server would hold the channel's queue for them).
     */
    void drain() {
        if (connection == null) {
            return;
        }
        try {
            notifications.getNotifications();
        } catch (SQLException e) {
            dropped(e);
        }
    }

    /** Checks a connection that has been quiet for a while, since a silently dead one would never wake us. */
    void verify() {
        if (connection == null) {
            return;
        }
        try {
            if (!connection.isValid((int) VALIDATION_TIMEOUT.toSeconds())) {
                dropped(new SQLException("the connection no longer answers"));
            }
        } catch (SQLException e) {
            dropped(e);
        }
    }

    boolean listening() {
        return connection != null;
    }

    private boolean connect() {
        Connection opened = null;
        try {
            opened = dataSource.getConnection();
            opened.setAutoCommit(true);
            try (Statement statement = opened.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
            }
            notifications = opened.unwrap(PGConnection.class);
            connection = opened;
            if (failures > 0) {
                log.info("Listening on {} again after {} failed attempt(s)", CHANNEL, failures);
            }
            failures = 0;
            return true;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(opened);
            failures++;
            Duration delay = backoff.after(failures, null);
            nextAttemptAt = System.nanoTime() + delay.toNanos();
            if (failures == 1) {
                log.warn("Cannot listen on {} ({}); polling only, trying again in {}", CHANNEL, describe(e), delay);
            } else {
                log.debug("Cannot listen on {} ({}); trying again in {}", CHANNEL, describe(e), delay);
            }
            return false;
        }
    }

    private void dropped(SQLException e) {
        log.warn("The connection listening on {} dropped ({}); reconnecting", CHANNEL, describe(e));
        closeQuietly(connection);
        connection = null;
        notifications = null;
        failures = 0;
        nextAttemptAt = System.nanoTime();
    }

    @Override
    public void close() {
        closeQuietly(connection);
        connection = null;
        notifications = null;
    }

    /**
     * Back to the pool without the LISTEN and without unread notifications: a pooled connection would otherwise
     * collect them forever, or hand stale ones to the next listener.
     */
    private static void closeQuietly(Connection opened) {
        if (opened == null) {
            return;
        }
        try (opened; Statement statement = opened.createStatement()) {
            statement.execute("UNLISTEN *");
            opened.unwrap(PGConnection.class).getNotifications();
        } catch (SQLException | RuntimeException ignored) {
            // A broken connection: the pool notices and discards it.
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e instanceof SQLException sql && sql.getSQLState() != null
                ? " SQLState " + sql.getSQLState() : "");
    }
}
