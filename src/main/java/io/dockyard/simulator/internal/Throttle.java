package io.dockyard.simulator.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.dockyard.simulator.SimulatorProperties.Throttling;

/**
 * ARM's per-subscription token buckets for reads, writes and deletes. A request that finds its bucket empty gets
 * 429 with a whole-second Retry-After; the same request (method and path) coming back before that time has passed
 * is counted as an early retry, which is how tests tell a client that honours Retry-After from one that hammers.
 * Other requests that were already on their way when the 429 went out are not retries and are not counted.
 */
final class Throttle {

    private final LongSupplier nanos;
    private volatile Throttling settings;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** When each throttled request (method + path) may come back, for counting early retries. */
    private final Map<String, Long> retryNotBefore = new ConcurrentHashMap<>();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong earlyRetries = new AtomicLong();

    Throttle(Throttling settings, LongSupplier nanos) {
        this.settings = settings;
        this.nanos = nanos;
    }

    /** What one request was granted: whether it may proceed, how many tokens remain, and how long to wait if not. */
    record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
    }

    Decision take(String subscription, RequestClass kind) {
        return take(subscription, kind, null);
    }

    Decision take(String subscription, RequestClass kind, String request) {
        Throttling current = settings;
        Bucket bucket = buckets.computeIfAbsent(subscription.toLowerCase(java.util.Locale.ROOT) + "/" + kind,
                key -> new Bucket(capacity(current, kind), nanos.getAsLong()));
        if (!current.enabled()) {
            return new Decision(true, capacity(current, kind), 0);
        }
        synchronized (bucket) {
            long now = nanos.getAsLong();
            Long notBefore = request == null ? null : retryNotBefore.get(request);
            if (request == null ? now < bucket.notBefore : notBefore != null && now < notBefore) {
                earlyRetries.incrementAndGet();
            }
            double rate = rate(current, kind) * current.timeFactor();
            int capacity = capacity(current, kind);
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) / 1e9 * rate);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, (long) Math.floor(bucket.tokens), 0);
            }
            long wait = Math.max(1, (long) Math.ceil((1 - bucket.tokens) / rate));
            bucket.notBefore = Math.max(bucket.notBefore, now + wait * 1_000_000_000L);
            if (request != null) {
                if (retryNotBefore.size() > 100_000) {
                    retryNotBefore.values().removeIf(until -> until < now);
                }
                retryNotBefore.put(request, now + wait * 1_000_000_000L);
            }
            throttled.incrementAndGet();
            return new Decision(false, 0, wait);
        }
    }

    void configure(Throttling value) {
        settings = value;
        buckets.clear();
    }

    Throttling settings() {
        return settings;
    }

    void reset() {
        buckets.clear();
        retryNotBefore.clear();
        throttled.set(0);
        earlyRetries.set(0);
    }

    long throttled() {
        return throttled.get();
    }

    long earlyRetries() {
        return earlyRetries.get();
    }

    private static int capacity(Throttling settings, RequestClass kind) {
        return switch (kind) {
            case READS -> settings.readBucket();
            case WRITES -> settings.writeBucket();
            case DELETES -> settings.deleteBucket();
        };
    }

    private static double rate(Throttling settings, RequestClass kind) {
        return switch (kind) {
            case READS -> settings.readsPerSecond();
            case WRITES -> settings.writesPerSecond();
            case DELETES -> settings.deletesPerSecond();
        };
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
        long notBefore;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }
    }
}
