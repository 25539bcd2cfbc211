package io.dockyard.reconciler.internal;

import io.dockyard.hosts.DueQueue;
import io.dockyard.hosts.HostLeases;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of all instances as gauges: due hosts and how long the oldest has waited. The numbers come from one
 * query over the hosts table, so they are cached and asked for at most once per {@code maxAge}, however often (and
 * by however many registries) they are scraped. When the query fails the last numbers stay.
 */
final class DueQueueGauges {

    static final String DUE = "dockyard.reconcile.queue.due";
    static final String OLDEST_AGE = "dockyard.reconcile.queue.oldest.age";
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DueQueueGauges.class);

    private final HostLeases leases;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private DueQueue last = new DueQueue(0, Duration.ZERO, 0);
    private long fetchedAt;
    private boolean fetched;

    DueQueueGauges(HostLeases leases, Duration maxAge, LongSupplier nanoTime) {
        this.leases = leases;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    DueQueueGauges register(MeterRegistry registry) {
        Gauge.builder(DUE, this, gauges -> gauges.snapshot().due()).strongReference(true)
                .description("Hosts due for a reconcile pass and not under a live lease (all instances)")
                .register(registry);
        Gauge.builder(OLDEST_AGE, this, gauges -> gauges.snapshot().oldestDueAge().toNanos() / 1e9)
                .strongReference(true).baseUnit("seconds")
                .description("How long the longest-waiting due host has been due (all instances)")
                .register(registry);
        return this;
    }

    synchronized DueQueue snapshot() {
        long now = nanoTime.getAsLong();
        if (!fetched || now - fetchedAt >= maxAgeNanos) {
            fetchedAt = now;
            fetched = true;
            try {
                last = leases.dueQueue();
            } catch (RuntimeException e) {
                log.debug("Reading the reconcile backlog failed; the gauges keep the last values", e);
            }
        }
        return last;
    }
}
