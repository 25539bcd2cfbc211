package io.dockyard.reconciler.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.dockyard.azure.AzureException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the fleet-wide drift check every drift interval (jittered by ±10%), on whichever instance claims the round.
 * Every instance looks at the round a few times per interval, so the check goes on when one dies. A failed listing
 * (throttled, Azure down) ends the round early and is tried again after a minute or the Retry-After, whichever is
 * longer — drift waits, hosts lose nothing.
 */
final class DriftSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DriftSweeper.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final DriftCheck check;
    private final DriftRounds rounds;
    private final String instanceId;
    private final Duration interval;
    private final Clock clock;
    private final Counter checks;
    private final Counter failures;
    private final Counter woken;
    private volatile Thread thread;
    private volatile boolean running;

    DriftSweeper(DriftCheck check, DriftRounds rounds, String instanceId, Duration interval, Clock clock,
                 MeterRegistry meters) {
        this.check = check;
        this.rounds = rounds;
        this.instanceId = instanceId;
        this.interval = interval;
        this.clock = clock;
        this.checks = Counter.builder("dockyard.drift.checks").tag("outcome", "done")
                .description("Fleet-wide drift checks run by this instance").register(meters);
        this.failures = Counter.builder("dockyard.drift.checks").tag("outcome", "failed")
                .description("Fleet-wide drift checks run by this instance").register(meters);
        this.woken = Counter.builder("dockyard.drift.hosts.woken")
                .description("Hosts a drift check found out of spec and woke for a repairing pass").register(meters);
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("reconciler-drift-check-" + instanceId).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        // Look at the round several times per interval: a round whose owner died is picked up within a tick.
        Duration tick = interval.dividedBy(10).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : interval.dividedBy(10).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                : interval.dividedBy(10);
        while (running) {
            try {
                runIfDue();
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Drift check round failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** Runs the check if this instance wins the round; returns whether it ran. */
    boolean runIfDue() {
        Optional<String> token = rounds.claim(instanceId, interval.plus(Duration.ofMinutes(1)));
        if (token.isEmpty()) {
            return false;
        }
        Duration next = Jitter.around(interval);
        try {
            DriftCheck.Result result = check.run(clock.instant());
            checks.increment();
            woken.increment(result.woken());
            if (result.woken() > 0) {
                log.info("Drift check: {} of {} settled hosts differ from Azure and were woken ({} resources listed)",
                        result.woken(), result.compared(), result.resourcesListed());
            }
        } catch (AzureException e) {
            failures.increment();
            Duration retryAfter = e.error().retryAfter();
            next = retryAfter != null && retryAfter.compareTo(RETRY_AFTER_FAILURE) > 0 ? retryAfter : RETRY_AFTER_FAILURE;
            if (next.compareTo(interval) > 0 && (retryAfter == null || retryAfter.compareTo(interval) <= 0)) {
                next = interval;
            }
            log.warn("Drift check could not list Azure ({}: {}); trying again in {}", e.error().code(),
                    e.error().message(), next);
        } finally {
            rounds.finish(token.get(), next);
        }
        return true;
    }
}
