package io.dockyard.hosts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The fleet-wide drift check's door to the hosts tables. Instead of a full pass (a handful of ARM reads) per Ready
 * host every few minutes, the reconciler lists what Azure holds in a few subscription-wide calls, compares it with
 * {@link #settled()}, and wakes only the hosts that drifted; their next pass observes every step and repairs.
 */
public interface HostDrift {

    /**
     * Every host whose last pass left it Ready or Degraded and that nobody is working on now: not leased, not paused,
     * not being deleted, and last reconciled before {@code before} — what a pass did after a listing began may not
     * be in that listing.
     */
    List<SettledHost> settled(Instant before);

    /**
     * Makes the host due now and records why, unless it changed since it was read (another generation), is being
     * deleted, or is already due sooner; announces it on the reconciler's channel. Returns whether it was woken.
     */
    boolean wake(UUID hostId, long generation, HostEventDraft event);
}
