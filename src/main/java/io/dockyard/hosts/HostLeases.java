package io.dockyard.hosts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reconciler's only door to the hosts tables: it claims due hosts under a lease and writes status and
 * events back, fenced by the lease's token. The hosts module keeps all persistence of hosts, status and events;
 * any number of reconciler instances may share one database, and none is special.
 *
 * <p>How work is scheduled: a host is due when it holds no lease and its {@code next_reconcile_at} has come,
 * or when its lease has expired (its holder died or stalled). A claim consumes the wake-up (it clears
 * {@code next_reconcile_at}); an API write during the pass (spec change, delete, {@code POST .../reconcile})
 * sets it again to now and sends {@code NOTIFY dockyard_hosts}, and {@link #complete} keeps whichever of that
 * and the pass's own next time is earlier. So no request is lost and none is postponed. Every time is the
 * database's ({@code now()}), never the JVM's.
 *
 * <p>Fencing: every write checks, under the row lock, that {@code lease_owner} is still the lease's token, and
 * otherwise returns false and writes nothing. An expired lease that nobody took over still holds. Hold no lease
 * longer than the work needs and renew it well before it ends; never call Azure inside a transaction of ours
 * (none of these methods leaves one open).
 */
public interface HostLeases {

    /**
     * Claims up to {@code limit} due hosts — hosts already under way before new ({@code Pending}) ones, so that
     * under ARM's write budget started hosts finish first instead of a whole batch crawling forward in lockstep
     * (see {@link #claimNew} for the other side of that); then the most overdue first — skipping rows other
     * instances are claiming right now ({@code FOR UPDATE SKIP LOCKED}), and leases each for {@code lease} under a
     * fresh token. A host whose
     * spec or secrets cannot be read is left out, logged and retried after {@code lease}, so that it cannot
     * block the queue.
     *
     * @param instanceId this instance's id (non-blank, at most 100 characters); it prefixes every token
     */
    List<ClaimedHost> claimDue(String instanceId, int limit, Duration lease);

    /**
     * Claims up to {@code limit} due hosts that no pass has taken yet ({@code Pending}), the longest waiting first,
     * like {@link #claimDue} otherwise. A loop uses it to keep some of its slots for new hosts while hosts under
     * way would take them all: under ARM's write budget that would leave the last of a large batch to start only
     * when the rest are nearly done, and the whole batch would wait for its full provisioning time after that.
     */
    List<ClaimedHost> claimNew(String instanceId, int limit, Duration lease);

    /** Sets the lease to end {@code extension} from now, if the token still holds it. */
    boolean renew(Lease lease, Duration extension);

    /**
     * Stores an intermediate status (its phase also becomes the {@code phase} column, and the host's ETag
     * changes) and appends {@code events} with the host's current generation, if the token still holds the
     * lease. While deletion is requested the stored phase is {@code Deleting}, whatever {@code status} says.
     * Messages in the status and the events are redacted as {@link HostEventDraft} describes.
     */
    boolean progress(Lease lease, HostStatus status, List<HostEventDraft> events);

    /**
     * Ends the pass: stores the status and events as {@link #progress} does, schedules the next pass and
     * releases the lease. The next pass is the earlier of {@code nextReconcileAt} (null: not until something
     * asks) and any request an API write made during this pass; {@code status.nextReconcileAt} is stamped with
     * the time actually stored. When that leaves the host due at once, {@code NOTIFY dockyard_hosts} announces
     * it again (the API's notification came while the host was leased).
     */
    boolean complete(Lease lease, HostStatus status, Instant nextReconcileAt, List<HostEventDraft> events);

    /**
     * Gives a claimed host back unworked (e.g. at shutdown): releases the lease, makes the host due now and
     * announces it on {@code dockyard_hosts}, writing nothing else. False if the token no longer holds it.
     */
    boolean release(Lease lease);

    /**
     * Deprovisioning finished: appends {@code events}, then deletes the host (its secrets go with it; its
     * events stay until the retention time). Only for a host whose deletion was requested.
     *
     * @throws IllegalStateException if the token holds the lease but deletion was never requested
     */
    boolean forget(Lease lease, List<HostEventDraft> events);

    /** The size and age of the backlog, for metrics. */
    DueQueue dueQueue();

    /**
     * How long, by the database clock, until the next host that is not due yet becomes due (its next reconcile time,
     * or the end of its lease); empty when no host is waiting for a time. A loop sleeps until then rather than until
     * its next poll, so that a host requeued for 800 ms is not left waiting for a 5 s poll.
     */
    Optional<Duration> untilNextDue();
}
