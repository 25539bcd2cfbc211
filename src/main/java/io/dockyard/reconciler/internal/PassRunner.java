package io.dockyard.reconciler.internal;

import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.Lease;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs claimed hosts' passes, each on its own virtual thread and at most {@code concurrency} at once, and is the
 * safety net around them: it keeps each lease renewed while its pass runs, releases the host of a pass that
 * throws, and at shutdown hands back what has not started. A slot is reserved <em>before</em> a claim, so a
 * claimed host never waits for one.
 */
final class PassRunner {

    private static final Logger log = LoggerFactory.getLogger(PassRunner.class);

    private final HostPass pass;
    private final HostLeases leases;
    private final LeaseRenewer renewer;
    private final PassMetrics metrics;
    private final Duration lease;
    private final int concurrency;
    private final Semaphore slots;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    /** The pass each host has running on this instance, so that a re-claim waits for it (see runInSlot). */
    private final Map<UUID, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicInteger runningNew = new AtomicInteger();
    private volatile boolean closing;

    PassRunner(int concurrency, HostPass pass, HostLeases leases, LeaseRenewer renewer, PassMetrics metrics,
            Duration lease) {
        this.pass = pass;
        this.leases = leases;
        this.renewer = renewer;
        this.metrics = metrics;
        this.lease = lease;
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
    }

    /** Takes as many free slots as there are, up to {@code most}; the caller claims that many hosts. */
    int reserve(int most) {
        int taken = 0;
        while (taken < most && slots.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** Gives back reserved slots that no claimed host needed. */
    void unreserve(int count) {
        if (count > 0) {
            slots.release(count);
            signalSlotFreed();
        }
    }

    /** Starts the pass for a claimed host in one reserved slot; after {@link #close} it releases the host instead. */
    void start(ClaimedHost host) {
        boolean fresh = host.status().phase() == HostPhase.Pending;
        if (fresh) {
            runningNew.incrementAndGet();
        }
        Thread.ofVirtual().name("reconcile-" + host.id()).start(() -> runInSlot(host, fresh));
    }

    /** Passes started for hosts no pass had taken yet ({@code Pending}) that have not ended. */
    int runningNew() {
        return runningNew.get();
    }

    /** Blocks up to {@code timeout} while every slot is busy; true when one is free. */
    boolean awaitFreeSlot(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (slots.availablePermits() == 0 && left > 0) {
                left = slotFreed.awaitNanos(left);
            }
            return slots.availablePermits() > 0;
        } finally {
            lock.unlock();
        }
    }

    /** How many passes have ended so far: a change tells the loop a host may have been requeued. */
    long ended() {
        return ended.get();
    }

    /** Whether any slot is taken (a pass runs, or is about to). */
    boolean busy() {
        return slots.availablePermits() < concurrency;
    }

    /** From now on, claimed hosts whose pass has not started are released instead of run. */
    void close() {
        closing = true;
    }

    /** Waits up to {@code timeout} until no pass runs; true if none does. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (!slots.tryAcquire(concurrency, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        slots.release(concurrency);
        return true;
    }

    /** Interrupts every running pass (the grace time is over) and says which hosts they were on. */
    void interruptAll() {
        for (Thread thread : running) {
            log.warn("Interrupting the pass {} at shutdown: it outlived the grace time", thread.getName());
            thread.interrupt();
        }
    }

    private void runInSlot(ClaimedHost host, boolean fresh) {
        running.add(Thread.currentThread());
        MDC.put("hostId", host.id().toString());
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = inFlight.put(host.id(), mine);
        try {
            if (previous != null) {
                // This instance stalled past a lease and claimed its own host again: the old pass's writes are now
                // refused, but it may still be inside a cloud call. Let it finish before starting over.
                log.warn("Host {} was claimed again while this instance's previous pass on it still runs; waiting"
                        + " for that pass to end", host.id());
                previous.join();
            }
            if (closing) {
                release(host.lease(), "it was claimed while the reconciler was stopping");
                return;
            }
            metrics.started();
            boolean ok = false;
            try (LeaseRenewer.Renewal keeper = renewer.keep(host.lease())) {
                pass.run(host, keeper);
                ok = endedItsClaim(host.lease());
            } catch (Throwable failure) {
                if (closing) {
                    log.warn("The pass on host {} ended at shutdown with {}; releasing the host", host.id(),
                            failure.getClass().getName(), MessageFreeTrace.of(failure));
                } else {
                    log.error("The pass on host {} threw {}; releasing the host so that it is tried again", host.id(),
                            failure.getClass().getName(), MessageFreeTrace.of(failure));
                }
                // An interrupted virtual thread would have the driver close its socket: clear the flag first.
                Thread.interrupted();
                release(host.lease(), "its pass threw");
                if (failure instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            } finally {
                metrics.ended(ok);
            }
        } finally {
            MDC.remove("hostId");
            inFlight.remove(host.id(), mine);
            mine.complete(null);
            running.remove(Thread.currentThread());
            if (fresh) {
                runningNew.decrementAndGet();
            }
            ended.incrementAndGet();
            slots.release();
            signalSlotFreed();
        }
    }

    /**
     * After a pass returned: the claim must be gone. If it is not, the pass has a bug; renewing once more (instead of
     * releasing) keeps a pass that never ends its claim from being retried hot: the host comes back when that
     * lease runs out. At shutdown such a host is released instead, for another instance to take at once.
     */
    private boolean endedItsClaim(Lease claimed) {
        // An interrupted virtual thread would have the driver close its socket: clear the flag first.
        Thread.interrupted();
        try {
            if (!leases.renew(claimed, lease)) {
                return true;
            }
        } catch (RuntimeException e) {
            log.warn("Could not check that the pass on host {} ended its claim ({})", claimed.hostId(),
                    e.getClass().getName());
            return true;
        }
        if (closing) {
            release(claimed, "its pass returned at shutdown without ending the claim");
        } else {
            log.error("The pass on host {} returned without complete, forget or release; the host is tried again"
                    + " when its lease runs out in {}", claimed.hostId(), lease);
        }
        return false;
    }

    private void release(Lease claimed, String why) {
        try {
            if (leases.release(claimed)) {
                log.info("Released host {}: {}", claimed.hostId(), why);
            }
        } catch (RuntimeException e) {
            log.warn("Could not release host {} ({}); it is due again when its lease runs out", claimed.hostId(),
                    e.getClass().getName());
        }
    }

    private void signalSlotFreed() {
        lock.lock();
        try {
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
