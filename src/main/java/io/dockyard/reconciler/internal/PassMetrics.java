package io.dockyard.reconciler.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this instance's passes are doing, for dashboards and alerts: how many run now and how they ended. A rising
 * {@code failed} count means a pass let an exception escape (a bug), not that Azure failed.
 */
final class PassMetrics {

    static final String IN_FLIGHT = "dockyard.reconcile.in.flight";
    static final String PASSES = "dockyard.reconcile.passes";

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter completed;
    private final Counter failed;

    PassMetrics(MeterRegistry registry) {
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).strongReference(true)
                .description("Reconcile passes running on this instance").register(registry);
        completed = passes(registry, "completed");
        failed = passes(registry, "failed");
    }

    private static Counter passes(MeterRegistry registry, String outcome) {
        return Counter.builder(PASSES).tag("outcome", outcome)
                .description("Reconcile passes that ended: completed (the pass ended its claim) or failed (it threw,"
                        + " or returned still holding the lease)")
                .register(registry);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void ended(boolean ok) {
        inFlight.decrementAndGet();
        (ok ? completed : failed).increment();
    }
}
