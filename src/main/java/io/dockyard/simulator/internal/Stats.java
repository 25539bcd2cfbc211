package io.dockyard.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters tests read to prove behaviour: creates and writes per resource id (a second create of one id is a
 * duplicate resource; a write on an unchanged resource is wasted budget) and requests by method.
 */
final class Stats {

    /** Counts for one resource id; kept after the resource is gone so a re-create is visible. */
    static final class Counter {
        final String id;
        final AtomicLong creates = new AtomicLong();
        final AtomicLong writes = new AtomicLong();

        Counter(String id) {
            this.id = id;
        }
    }

    private final Map<String, Counter> resources = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    void request(String method) {
        requests.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
    }

    void wrote(String id, boolean created) {
        Counter counter = resources.computeIfAbsent(id.toLowerCase(java.util.Locale.ROOT), k -> new Counter(id));
        counter.writes.incrementAndGet();
        if (created) {
            counter.creates.incrementAndGet();
        }
    }

    Counter counter(String id) {
        return resources.get(id.toLowerCase(java.util.Locale.ROOT));
    }

    Map<String, Counter> resources() {
        return resources;
    }

    Map<String, Long> requests() {
        Map<String, Long> copy = new LinkedHashMap<>();
        requests.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    void reset() {
        resources.clear();
        requests.clear();
    }
}
