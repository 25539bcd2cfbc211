package io.dockyard.reconciler.internal;

import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.Lease;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of running passes alive, so that a pass longer than the lease is not taken over by another
 * instance. One timer thread serves every pass of the instance; each renewal itself runs on a virtual thread, so
 * a slow database call delays no other lease's renewal.
 */
final class LeaseRenewer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewer.class);

    private final HostLeases leases;
    private final Duration lease;
    private final Duration period;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<Renewal> active = ConcurrentHashMap.newKeySet();

    LeaseRenewer(HostLeases leases, Duration lease, String instanceId) {
        this.leases = leases;
        this.lease = lease;
        this.period = lease.dividedBy(3);
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
                .name("reconciler-lease-renewal-" + instanceId).factory());
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts renewing a freshly claimed lease; close the result when the pass ends. */
    Renewal keep(Lease claimed) {
        Renewal renewal = new Renewal(claimed, System.nanoTime());
        active.add(renewal);
        long periodNanos = Math.max(1, period.toNanos());
        renewal.schedule(timer.scheduleAtFixedRate(renewal::due, periodNanos, periodNanos, TimeUnit.NANOSECONDS));
        return renewal;
    }

    /** Stops all renewals: every keeper still open reports the lease as lost from now on. */
    @Override
    public void close() {
        active.forEach(Renewal::abandon);
        timer.shutdownNow();
    }

    /** One pass's lease under renewal. */
    final class Renewal implements LeaseKeeper, AutoCloseable {

        private final Lease claimed;
        private final AtomicBoolean renewing = new AtomicBoolean();
        private volatile boolean held = true;
        private volatile boolean closed;
        /** System.nanoTime() just before the last claim or renewal the database confirmed. */
        private volatile long confirmedAt;
        private volatile ScheduledFuture<?> task;

        private Renewal(Lease claimed, long confirmedAt) {
            this.claimed = claimed;
            this.confirmedAt = confirmedAt;
        }

        @Override
        public boolean held() {
            return held && !closed;
        }

        @Override
        public Lease current() {
            return claimed;
        }

        private void schedule(ScheduledFuture<?> scheduled) {
            task = scheduled;
            if (closed) {
                scheduled.cancel(false);
            }
        }

        /** On the timer thread: hands the renewal to a virtual thread unless the previous one is still busy. */
        private void due() {
            if (!held() || !renewing.compareAndSet(false, true)) {
                return;
            }
            Thread.ofVirtual().name("reconciler-renew-" + claimed.hostId()).start(this::renew);
        }

        private void renew() {
            long attemptedAt = System.nanoTime();
            try {
                if (leases.renew(claimed, lease)) {
                    confirmedAt = attemptedAt;
                } else {
                    lost("the lease is no longer ours: it ran out and the host was claimed again (perhaps by this "
                            + "instance), or the host was deleted");
                }
            } catch (RuntimeException e) {
                // Not a refusal: the lease may well still hold. Give up only when the next try would come too late.
                if (System.nanoTime() - confirmedAt > lease.minus(period).toNanos()) {
                    lost("renewals failed until the lease could have run out (" + e.getClass().getName() + ")");
                } else if (!closed) {
                    log.warn("Renewing the lease on host {} failed ({}); trying again in {}", claimed.hostId(),
                            e.getClass().getName(), period);
                }
            } finally {
                renewing.set(false);
            }
        }

        private void lost(String why) {
            if (closed) {
                return;
            }
            held = false;
            stopTimer();
            log.warn("Lost the lease on host {}: {}; its pass must stop", claimed.hostId(), why);
        }

        private void abandon() {
            held = false;
            stopTimer();
        }

        private void stopTimer() {
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        /** The pass is over: no more renewals. */
        @Override
        public void close() {
            closed = true;
            stopTimer();
            active.remove(this);
        }
    }
}
