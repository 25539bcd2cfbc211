package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spreads periodic work by ±10 %, so hosts (or instances) that started together do not keep coming back together.
 */
final class Jitter {

    private Jitter() {
    }

    /** A duration drawn evenly from [0.9, 1.1] × {@code interval}. */
    static Duration around(Duration interval) {
        long millis = interval.toMillis();
        return Duration.ofMillis(millis - millis / 10 + ThreadLocalRandom.current().nextLong(Math.max(1, millis / 5)));
    }
}
