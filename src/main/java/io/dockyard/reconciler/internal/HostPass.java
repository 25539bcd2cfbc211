package io.dockyard.reconciler.internal;

import io.dockyard.hosts.ClaimedHost;

/**
 * One reconcile pass over one claimed host: what the control loop runs, and the seam between scheduling
 * ({@link ReconcilerLoop}) and the work itself, so that each can be built and tested without the other.
 *
 * <p>The contract the loop relies on:
 * <ul>
 * <li>The pass runs on its own virtual thread. No other pass for the same host runs anywhere while its lease is
 * held; this instance runs at most {@code dockyard.reconciler.concurrency} passes at once.</li>
 * <li>It writes only through {@code HostLeases}, with {@link LeaseKeeper#current()}, and it ends the claim
 * itself with exactly one of {@code complete}, {@code forget} or {@code release}. A pass that returns without
 * doing so is logged as a bug and counted as failed; its lease is renewed once more, so the host is tried
 * again when that runs out (at shutdown it is released at once).</li>
 * <li>It checks {@link LeaseKeeper#held()} before every Azure call and every write, and returns without writing
 * once it is false: another instance may own the host by then (writes are fenced anyway, Azure calls are not).</li>
 * <li>It records expected failures (Azure errors, throttling, timeouts) in the status and completes with a
 * backoff. An exception that escapes is a bug: the loop logs its type and stack, never its message (which might
 * echo a secret), and releases the host, which makes it due <em>at once</em> — a pass that always throws is
 * retried hot, so do not let errors escape on purpose.</li>
 * <li>It never waits minutes for Azure (start a long-running operation, record it, complete with a short
 * {@code nextReconcileAt}) and holds no transaction or row lock across an Azure call.</li>
 * <li>An interrupt means the instance is stopping and the grace time is over: return quickly. Clear the interrupt
 * before any last JDBC write, or the driver's socket is closed under it.</li>
 * </ul>
 */
@FunctionalInterface
public interface HostPass {

    /**
     * Reconciles (or deprovisions, when {@link ClaimedHost#deletionRequested()}) one host and ends its claim.
     *
     * @param host the snapshot taken when the host was claimed
     * @param lease the claim, kept alive while the pass runs
     */
    void run(ClaimedHost host, LeaseKeeper lease);
}
