package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to look at a failing host again: exponential in the number of consecutive failures, capped, with the
 * delay drawn from its upper half so that hosts failing together do not retry together — and never before the
 * Retry-After Azure gave.
 */
final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;

    Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    Duration after(int consecutiveFailures, Duration retryAfter) {
        int exponent = Math.max(0, Math.min(consecutiveFailures - 1, 30));
        long ceiling = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(exponent, 20)));
        long jittered = ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2.0));
        Duration delay = Duration.ofMillis(Math.max(jittered, 1));
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }
}
