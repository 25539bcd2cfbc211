package io.dockyard.hosts;

import java.time.Duration;

/**
 * How far behind the reconcilers are, by the database clock, for metrics and alerts: hosts waiting to be
 * claimed and how long the longest has waited. A growing age with few in flight means no instance is claiming.
 *
 * @param due hosts that are due and not under a live lease (including hosts whose lease expired)
 * @param oldestDueAge how long the longest-waiting due host has been due; zero when none is
 * @param inFlight hosts under a live lease
 */
public record DueQueue(long due, Duration oldestDueAge, long inFlight) {
}
