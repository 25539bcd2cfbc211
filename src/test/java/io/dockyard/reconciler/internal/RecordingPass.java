package io.dockyard.reconciler.internal;

import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.HostLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link HostPass} for loop tests: it runs a test-supplied body, then completes the host unchanged with no next
 * time (so it is not due again, unless the test asked for a requeue) while it still holds the lease. It records which instance ran which host, how many
 * bodies ran at once, and every time two bodies for one host overlapped.
 */
final class RecordingPass implements HostPass {

    /** What a pass does before it completes; may throw to exercise the loop's safety net. */
    @FunctionalInterface
    interface Body {
        void run(ClaimedHost host, LeaseKeeper lease) throws Exception;
    }

    private final HostLeases leases;
    private volatile Body body = (host, lease) -> { };
    private volatile Duration firstRequeue;

    private final Map<UUID, String> runningOn = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> passes = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> completed = new ConcurrentHashMap<>();
    private final Set<String> instances = ConcurrentHashMap.newKeySet();
    private final List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    RecordingPass(HostLeases leases) {
        this.leases = leases;
    }

    RecordingPass doing(Body value) {
        this.body = value;
        return this;
    }

    /** Each host's first pass asks to come back after {@code after}; later passes ask for no next time. */
    RecordingPass requeueingFirstPassAfter(Duration after) {
        this.firstRequeue = after;
        return this;
    }

    @Override
    public void run(ClaimedHost host, LeaseKeeper lease) {
        String token = lease.current().token();
        String instance = token.substring(0, token.lastIndexOf('/'));
        instances.add(instance);
        String other = runningOn.putIfAbsent(host.id(), instance);
        if (other != null) {
            overlaps.add(host.id() + " ran on " + instance + " while on " + other);
        }
        int pass = passes.computeIfAbsent(host.id(), id -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            body.run(host, lease);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
            if (other == null) {
                runningOn.remove(host.id());
            }
        }
        if (lease.held()) {
            Instant next = pass == 1 && firstRequeue != null ? Instant.now().plus(firstRequeue) : null;
            completed.put(host.id(), leases.complete(lease.current(), host.status(), next, List.of()));
        }
    }

    int passes(UUID host) {
        AtomicInteger count = passes.get(host);
        return count == null ? 0 : count.get();
    }

    Map<UUID, Integer> passes() {
        Map<UUID, Integer> copy = new ConcurrentHashMap<>();
        passes.forEach((id, count) -> copy.put(id, count.get()));
        return copy;
    }

    /** Whether {@code complete} succeeded for the host's last pass; null if the pass never completed. */
    Boolean completed(UUID host) {
        return completed.get(host);
    }

    Set<String> instances() {
        return Set.copyOf(instances);
    }

    List<String> overlaps() {
        synchronized (overlaps) {
            return List.copyOf(overlaps);
        }
    }

    int running() {
        return running.get();
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }
}
