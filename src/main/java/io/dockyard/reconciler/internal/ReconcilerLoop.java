package io.dockyard.reconciler.internal;

import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.HostLeases;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The control loop of one instance: a single platform thread that waits for work, claims due hosts and hands
 * each to a {@link HostPass} on a virtual thread. It wakes when the database announces a due host
 * ({@code LISTEN}), when the next host waiting for a time becomes due (a requeue, a lease that lapsed elsewhere),
 * when the poll interval has passed, and when a slot frees while it was full. It then claims as many hosts as it has
 * free slots (at most a batch at a time) until none is due: new hosts for the slots kept for them, then hosts under
 * way before new ones. The claim is the only transaction it runs; passes hold no lock while they work.
 *
 * <p>Stopping stops the claiming, waits up to the grace time for running passes, interrupts those still running
 * and gives back every claimed host whose pass had not started. It is a {@link SmartLifecycle} in the last phase,
 * so it starts after, and stops before, everything it uses.
 */
final class ReconcilerLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcilerLoop.class);
    /** The longest the thread blocks before it looks at whether it should stop. */
    private static final Duration SLICE = Duration.ofMillis(200);
    /** The same while passes run, to see soon when one requeued its host for a time before the loop's wake-up. */
    private static final Duration PASS_SLICE = Duration.ofMillis(50);
    /** How long interrupted passes get to end before the stop gives up on them (their leases then lapse). */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(5);
    private static final Duration FIRST_RECONNECT = Duration.ofMillis(200);
    private static final Duration LONGEST_RECONNECT = Duration.ofSeconds(30);
    /**
     * One slot in this many is kept for new hosts while any wait: claims otherwise serve hosts under way first, and
     * under ARM's write budget the last hosts of a large batch would start only when the others were nearly done,
     * then take their whole provisioning time alone. Measured with bench/converge (500 hosts, 32 slots): none kept,
     * 66 s; one in eight, 60 s; one in four, 60-62 s; one in two, 67 s (the later steps then starve).
     */
    private static final int SLOTS_PER_NEW_HOST_SLOT = 8;
    /** How long after a due time the loop claims, so that the database's clock has surely reached it too. */
    private static final Duration DUE_SLACK = Duration.ofMillis(10);

    private final ReconcilerProperties settings;
    private final HostLeases leases;
    private final HostPass pass;
    private final DataSource dataSource;
    private final PassMetrics metrics;

    private final Object state = new Object();
    private final int newHostSlots;
    private Run current;

    ReconcilerLoop(ReconcilerProperties settings, HostLeases leases, HostPass pass, DataSource dataSource,
            PassMetrics metrics) {
        this.settings = settings;
        this.leases = leases;
        this.pass = pass;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.newHostSlots = settings.concurrency() / SLOTS_PER_NEW_HOST_SLOT;
    }

    @Override
    public void start() {
        synchronized (state) {
            if (current != null) {
                return;
            }
            current = new Run();
            current.thread.start();
            log.info("Reconciler {} started: up to {} passes at once, lease {}, poll every {}",
                    settings.instanceId(), settings.concurrency(), settings.lease(), settings.pollInterval());
        }
    }

    /** Stops and returns at once; {@code callback} runs when every pass has ended or been given up on. */
    @Override
    public void stop(Runnable callback) {
        Run stopping;
        synchronized (state) {
            stopping = current;
            current = null;
        }
        if (stopping == null) {
            callback.run();
            return;
        }
        stopping.stopped.whenComplete((ignored, failure) -> callback.run());
        // No claim and no pass may start from here on; the waiting happens on a thread of its own.
        stopping.stopClaiming();
        Thread.ofPlatform().daemon().name("reconciler-stop-" + settings.instanceId()).start(stopping::finishStopping);
    }

    /** Stops and waits until it has. */
    @Override
    public void stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        stop(() -> done.complete(null));
        try {
            done.get(settings.shutdownGrace().plus(AFTER_INTERRUPT).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Reconciler {} did not stop in time", settings.instanceId());
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (state) {
            return current != null;
        }
    }

    /** Whether the loop is listening for notifications right now (for tests and health). */
    boolean listening() {
        synchronized (state) {
            return current != null && current.listener.listening();
        }
    }

    /** One start-to-stop cycle, with its own thread, slots and renewals, so that a stopped loop can start again. */
    private final class Run {

        private final LeaseRenewer renewer = new LeaseRenewer(leases, settings.lease(), settings.instanceId());
        private final PassRunner runner = new PassRunner(settings.concurrency(), pass, leases, renewer, metrics,
                settings.lease());
        private final DueHostListener listener = new DueHostListener(dataSource, FIRST_RECONNECT, LONGEST_RECONNECT);
        private final Thread thread = Thread.ofPlatform().daemon().name("reconciler-" + settings.instanceId())
                .unstarted(this::loop);
        private final CompletableFuture<Void> stopped = new CompletableFuture<>();
        private volatile boolean running = true;
        private boolean claimFailing;
        private long verifiedAt = System.nanoTime();

        private void loop() {
            try {
                listener.await(Duration.ZERO);
                while (running) {
                    if (claimAll()) {
                        awaitWork();
                    } else {
                        awaitSlot();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                log.error("The reconciler loop of {} died; no more hosts are claimed here", settings.instanceId(), e);
                throw e;
            } finally {
                listener.close();
            }
        }

        /**
         * Claims and starts passes while hosts are due and slots are free. True when the queue ran dry (or the
         * claim failed), false when the slots ran out first.
         */
        private boolean claimAll() {
            while (running) {
                int wanted = runner.reserve(settings.batchSize());
                if (wanted == 0) {
                    return false;
                }
                int got = 0;
                try {
                    int forNew = Math.min(wanted, newHostSlots - runner.runningNew());
                    if (forNew > 0) {
                        got += start(leases.claimNew(settings.instanceId(), forNew, settings.lease()));
                    }
                    if (got < wanted) {
                        got += start(leases.claimDue(settings.instanceId(), wanted - got, settings.lease()));
                    }
                } catch (RuntimeException e) {
                    runner.unreserve(wanted - got);
                    claimFailed(e);
                    return true;
                }
                if (claimFailing) {
                    claimFailing = false;
                    log.info("Reconciler {} claims hosts again", settings.instanceId());
                }
                runner.unreserve(wanted - got);
                if (got < wanted) {
                    return true;
                }
            }
            return true;
        }

        private int start(List<ClaimedHost> claimed) {
            claimed.forEach(runner::start);
            return claimed.size();
        }

        private void claimFailed(RuntimeException e) {
            if (!claimFailing) {
                claimFailing = true;
                log.warn("Reconciler {} cannot claim hosts ({}); trying again in {}", settings.instanceId(),
                        e.getClass().getName(), settings.pollInterval(), e);
            } else {
                log.debug("Claiming still fails", e);
            }
        }

        /**
         * Until a notification arrives, the next host waiting for a time becomes due, or the poll interval passes;
         * the quiet connection is checked once per poll interval.
         */
        private void awaitWork() throws InterruptedException {
            long ended = runner.ended();
            long deadline = System.nanoTime() + Math.min(settings.pollInterval().toNanos(), untilNextDue().toNanos());
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                // Passes still running may requeue their host for a time before the deadline: look in short slices.
                long slice = runner.busy() ? PASS_SLICE.toNanos() : SLICE.toNanos();
                if (listener.await(Duration.ofNanos(Math.min(left, slice)))) {
                    return;
                }
                if (runner.ended() != ended) {
                    ended = runner.ended();
                    deadline = Math.min(deadline, System.nanoTime() + untilNextDue().toNanos());
                }
            }
            if (running && System.nanoTime() - verifiedAt >= settings.pollInterval().toNanos()) {
                listener.verify();
                verifiedAt = System.nanoTime();
            }
        }

        /** A moment after the next due time ahead (the claim compares with the database's clock); else the poll. */
        private Duration untilNextDue() {
            try {
                return leases.untilNextDue().map(wait -> wait.plus(DUE_SLACK)).orElse(settings.pollInterval());
            } catch (RuntimeException e) {
                log.debug("Could not read the next due time; waiting for the poll", e);
                return settings.pollInterval();
            }
        }

        /** Until a running pass ends and frees its slot. */
        private void awaitSlot() throws InterruptedException {
            while (running && !runner.awaitFreeSlot(SLICE)) {
                // The next claim covers whatever was announced meanwhile.
                listener.drain();
            }
        }

        private void stopClaiming() {
            running = false;
            runner.close();
        }

        private void finishStopping() {
            try {
                long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
                thread.join(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)).plus(SLICE));
                if (!runner.awaitIdle(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)))) {
                    runner.interruptAll();
                    if (!runner.awaitIdle(AFTER_INTERRUPT)) {
                        log.warn("Reconciler {} stops with passes still running; their leases lapse",
                                settings.instanceId());
                    }
                }
                log.info("Reconciler {} stopped", settings.instanceId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                renewer.close();
                stopped.complete(null);
            }
        }
    }
}
