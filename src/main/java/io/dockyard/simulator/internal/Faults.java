package io.dockyard.simulator.internal;

import io.dockyard.simulator.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault injector. Each rule keeps its own seeded random stream and call counter, so the same sequence of
 * requests meets the same faults in every run. Hung requests wait on a latch that clearing or resetting releases.
 */
final class Faults {

    private final List<Active> rules = new ArrayList<>();
    private final AtomicLong fired = new AtomicLong();
    private long added;
    private volatile CountDownLatch release = new CountDownLatch(1);

    /** A fault that fired for one request; {@code operation} faults travel on to the model. */
    record Hit(Fault rule) {
    }

    synchronized Fault add(Fault rule) {
        Fault named = rule.id() == null ? rule.withId("fault-" + (++added)) : rule;
        rules.add(new Active(named));
        return named;
    }

    synchronized List<Fault> list() {
        return rules.stream().map(a -> a.rule).toList();
    }

    void clear() {
        synchronized (this) {
            rules.clear();
        }
        CountDownLatch previous = release;
        release = new CountDownLatch(1);
        previous.countDown();
    }

    long fired() {
        return fired.get();
    }

    /** Finds the first rule that fires for this call and counts it; null when none does. */
    Hit match(String resourceType, String method) {
        Active hit = null;
        synchronized (this) {
            for (Active active : rules) {
                if (active.matches(resourceType, method) && active.fires()) {
                    hit = active;
                    break;
                }
            }
        }
        if (hit == null) {
            return null;
        }
        fired.incrementAndGet();
        return new Hit(hit.rule);
    }

    /** Applies latency and hangs; throws the ARM error for request faults. */
    void apply(Hit hit) {
        Fault rule = hit.rule();
        if (rule.latencyMs() > 0) {
            sleep(rule.latencyMs());
        }
        if (rule.hang()) {
            CountDownLatch latch = release;
            try {
                latch.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ArmException(504, "GatewayTimeout", "The gateway did not receive a response within the specified time.");
        }
        if (rule.failsRequest()) {
            ArmException error = new ArmException(rule.status(), rule.code() == null ? "InternalServerError" : rule.code(),
                    rule.message() == null ? "Injected fault " + rule.id() + "." : rule.message());
            if (rule.status() == 429 || rule.status() == 503) {
                error.header("Retry-After", "1");
            }
            throw error;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Active {
        final Fault rule;
        final SplittableRandom random;
        long calls;
        long firedTimes;

        Active(Fault rule) {
            this.rule = rule;
            this.random = new SplittableRandom(rule.seed());
        }

        boolean matches(String resourceType, String method) {
            boolean type = rule.resourceType() == null || rule.resourceType().equals("*")
                    || rule.resourceType().equalsIgnoreCase(resourceType);
            boolean verb = rule.method() == null || rule.method().equals("*")
                    || rule.method().toUpperCase(Locale.ROOT).equals(method);
            return type && verb;
        }

        boolean fires() {
            calls++;
            if (rule.times() != null && firedTimes >= rule.times()) {
                return false;
            }
            boolean fire = rule.nth() != null ? calls == rule.nth() : random.nextDouble() < rule.rate();
            if (fire) {
                firedTimes++;
            }
            return fire;
        }
    }
}
