package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to look again at an operation Azure is running, learned from how long the same kind of operation took on
 * this instance lately. A VM that takes about 90 s is looked at once, shortly after 90 s, instead of every few
 * seconds: every "done yet?" is a read against ARM's budget and a pass's worth of CPU. Until an operation kind has
 * a history (and for operations another instance started), the look-again time grows with how long the operation has
 * run, so a slow operation costs few reads either way.
 *
 * <p>What this instance learns is biased on purpose towards early: a sample is the midpoint between the last look that
 * found the operation running and the look that found it done, or 90 % of the time to a first look that already found
 * it done. Looking too late costs the host latency; looking once too early costs one read.
 */
final class OperationPacing {

    /** How many recent durations of one kind are kept; the median of them is the expectation. */
    private static final int SAMPLES = 31;
    /** Fewer samples than this and the kind has no expectation yet. */
    private static final int MIN_SAMPLES = 2;
    /** After the expected time has passed, look again every this fraction of it. */
    private static final int LATE_LOOKS_PER_EXPECTATION = 8;

    private record Started(String step, String operation, Instant at) {
    }

    private final Map<UUID, Started> running = new ConcurrentHashMap<>();
    private final Map<String, Deque<Duration>> history = new ConcurrentHashMap<>();

    /**
     * The pass at {@code now} just wrote and Azure now runs {@code operation} for the host's {@code step}. An
     * operation of another kind this instance started for the same step has ended before it (the network
     * interface is written once the network is there) and is learned as such.
     */
    void started(UUID host, String step, String operation, Instant previousLook, Instant now) {
        Started before = running.put(host, new Started(step, operation, now));
        if (before != null && before.step().equals(step) && !before.operation().equals(operation)) {
            learn(before, previousLook, now);
        }
    }

    /**
     * The host's {@code step} is done; when this instance started its operation, that operation's duration is
     * learned. {@code previousLook} is the time of the host's pass before this one.
     */
    void finished(UUID host, String step, Instant previousLook, Instant now) {
        Started started = running.get(host);
        if (started == null || !started.step().equals(step)) {
            return;
        }
        running.remove(host, started);
        learn(started, previousLook, now);
    }

    private void learn(Started started, Instant previousLook, Instant now) {
        Duration sample = previousLook != null && previousLook.isAfter(started.at())
                ? Duration.between(started.at(), previousLook).plus(Duration.between(previousLook, now).dividedBy(2))
                : Duration.between(started.at(), now).multipliedBy(9).dividedBy(10);
        if (sample.isNegative()) {
            return;
        }
        Deque<Duration> samples = history.computeIfAbsent(started.operation(), kind -> new ArrayDeque<>());
        synchronized (samples) {
            samples.addLast(sample);
            if (samples.size() > SAMPLES) {
                samples.removeFirst();
            }
        }
    }

    /** The host no longer waits on anything this instance started (done, failed, deleted, given up). */
    void forget(UUID host) {
        running.remove(host);
    }

    /**
     * How long to wait before looking at the host's {@code step} again, or null when this instance does not know
     * when its operation started (the caller then goes by the condition's age).
     */
    Duration nextLook(UUID host, String step, Instant now, Duration first, Duration cap) {
        Started started = running.get(host);
        if (started == null || !started.step().equals(step)) {
            return null;
        }
        Duration elapsed = Duration.between(started.at(), now);
        Duration expected = expected(started.operation());
        if (expected == null) {
            return clamp(elapsed.dividedBy(2), first, cap);
        }
        Duration remaining = expected.minus(elapsed);
        if (remaining.compareTo(first) >= 0) {
            Duration longest = first.multipliedBy(100);
            return remaining.compareTo(longest) > 0 ? longest : remaining;
        }
        return clamp(expected.dividedBy(LATE_LOOKS_PER_EXPECTATION), first, cap);
    }

    /** The median of the kind's recent durations, or null without enough history. */
    Duration expected(String operation) {
        Deque<Duration> samples = history.get(operation);
        if (samples == null) {
            return null;
        }
        Duration[] sorted;
        synchronized (samples) {
            if (samples.size() < MIN_SAMPLES) {
                return null;
            }
            sorted = samples.toArray(Duration[]::new);
        }
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Duration clamp(Duration value, Duration low, Duration high) {
        return value.compareTo(low) < 0 ? low : value.compareTo(high) > 0 ? high : value;
    }
}
