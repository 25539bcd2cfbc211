package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.DueQueue;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's own guarantee, apart from the database's fence: a host this instance claims again while its previous
 * pass on it still runs (the instance stalled past the lease) waits for that pass instead of overlapping it.
 */
class PassRunnerTest {

    /** Leases that always hold: fencing is the database's job and tested there; this is about the runner. */
    private static final HostLeases ALWAYS_HELD = new HostLeases() {
        public List<ClaimedHost> claimDue(String instanceId, int limit, Duration lease) {
            return List.of();
        }

        public List<ClaimedHost> claimNew(String instanceId, int limit, Duration lease) {
            return List.of();
        }

        public boolean renew(Lease lease, Duration extension) {
            return true;
        }

        public boolean progress(Lease lease, HostStatus status, List<HostEventDraft> events) {
            return true;
        }

        public boolean complete(Lease lease, HostStatus status, Instant next, List<HostEventDraft> events) {
            return true;
        }

        public boolean release(Lease lease) {
            return true;
        }

        public boolean forget(Lease lease, List<HostEventDraft> events) {
            return true;
        }

        public DueQueue dueQueue() {
            return null;
        }

        public Optional<Duration> untilNextDue() {
            return Optional.empty();
        }
    };

    private static ClaimedHost claim(UUID id, String token) {
        return new ClaimedHost(id, "team-a", "h", "eastus", 1, null, null, HostStatus.initial(), null,
                new Lease(id, token, Instant.now().plusSeconds(60)));
    }

    @Test
    void aHostClaimedAgainWaitsForItsPreviousPassOnThisInstance() throws Exception {
        UUID id = UUID.randomUUID();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch bothDone = new CountDownLatch(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        HostPass pass = (host, lease) -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                if (host.lease().token().equals("i/first")) {
                    firstInside.countDown();
                    releaseFirst.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
                bothDone.countDown();
            }
        };
        try (LeaseRenewer renewer = new LeaseRenewer(ALWAYS_HELD, Duration.ofMinutes(1), "i")) {
            PassRunner runner = new PassRunner(4, pass, ALWAYS_HELD, renewer, new PassMetrics(new SimpleMeterRegistry()),
                    Duration.ofMinutes(1));
            assertThat(runner.reserve(2)).isEqualTo(2);
            runner.start(claim(id, "i/first"));
            assertThat(firstInside.await(5, TimeUnit.SECONDS)).isTrue();
            runner.start(claim(id, "i/second"));
            Thread.sleep(300);
            assertThat(bothDone.getCount()).as("the second pass has not started while the first runs").isEqualTo(2);

            releaseFirst.countDown();

            assertThat(bothDone.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps.get()).isZero();
        }
    }
}
