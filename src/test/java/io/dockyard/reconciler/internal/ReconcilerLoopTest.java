package io.dockyard.reconciler.internal;

import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.DueQueue;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.Lease;
import io.dockyard.support.ApiTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control loop against the real database and the real {@link HostLeases}: hosts are created through the API
 * (which notifies), passes are a {@link RecordingPass}. Every loop a test starts is stopped after it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReconcilerLoopTest extends ApiTestSupport {

    private static final Duration MOMENT = Duration.ofSeconds(5);

    @Autowired
    private HostLeases leases;
    @Autowired
    private DataSource dataSource;

    private final List<ReconcilerLoop> started = new CopyOnWriteArrayList<>();
    private final Map<ReconcilerLoop, MeterRegistry> registries = new HashMap<>();

    @AfterEach
    void stopLoops() {
        started.forEach(ReconcilerLoop::stop);
    }

    @Test
    void aNotificationWakesTheLoopLongBeforeThePollInterval() throws Exception {
        RecordingPass pass = new RecordingPass(leases);
        ReconcilerLoop loop = start("notified", pass, Map.of("poll-interval", "60s"), leases);
        UUID first = id(create(teamA, "first"));
        await().atMost(MOMENT).until(() -> pass.passes(first) == 1);
        await().atMost(MOMENT).until(loop::listening);
        Thread.sleep(200);

        long before = System.nanoTime();
        UUID second = id(create(teamA, "second"));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> pass.passes(second) == 1);

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(1500));
        assertThat(pass.completed(second)).isTrue();
    }

    @Test
    void aRequeuedHostIsClaimedWhenItsTimeComesNotAtTheNextPoll() {
        RecordingPass pass = new RecordingPass(leases).requeueingFirstPassAfter(Duration.ofMillis(700));
        start("requeue", pass, Map.of("poll-interval", "60s"), leases);
        UUID id = id(create(teamA, "comes-back"));
        await().atMost(MOMENT).until(() -> pass.passes(id) == 1 && Boolean.TRUE.equals(pass.completed(id)));
        long completedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> pass.passes(id) == 2);

        assertThat(Duration.ofNanos(System.nanoTime() - completedAt)).as("claimed at its due time, not after the 60 s poll")
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(2000));
    }

    @Test
    void keepsOneSlotInEightForNewHostsWhileHostsUnderWayFillTheRest() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> hold.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 9; i++) {
            create(teamA, "under-way-" + i);
        }
        jdbc.sql("""
                update hosts set phase = 'Provisioning', next_reconcile_at = now() - interval '1 minute',
                       status = jsonb_set(status::jsonb, '{phase}', '"Provisioning"')::json
                """).update();
        UUID fresh = id(create(teamA, "fresh"));
        try {
            start("kept-slot", pass, Map.of("concurrency", 8, "batch-size", 8, "poll-interval", "60s"), leases);
            await().atMost(MOMENT).until(() -> pass.running() == 8);
            Thread.sleep(200);

            assertThat(pass.running()).isEqualTo(8);
            assertThat(pass.passes()).as("the new host got the kept slot although 9 hosts under way were due")
                    .containsKey(fresh).hasSize(8);
        } finally {
            hold.countDown();
        }
    }

    @Test
    void listeningResumesAfterTheDatabaseDropsTheConnection() throws Exception {
        RecordingPass pass = new RecordingPass(leases);
        ReconcilerLoop loop = start("reconnecting", pass, Map.of("poll-interval", "60s"), leases);
        await().atMost(MOMENT).until(() -> listenerPids().size() == 1);
        Integer killed = listenerPids().getFirst();

        assertThat(jdbc.sql("select pg_terminate_backend(:pid)").param("pid", killed).query(Boolean.class).single())
                .isTrue();

        await().atMost(MOMENT).until(() -> !listenerPids().isEmpty() && !listenerPids().contains(killed));
        await().atMost(MOMENT).until(loop::listening);
        UUID id = id(create(teamA, "after-the-drop"));
        await().atMost(Duration.ofSeconds(2)).until(() -> pass.passes(id) == 1);
    }

    @Test
    void threeLoopsShareAHundredHostsAndNeverRunOneHostTwiceAtOnce() {
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> Thread.sleep((long) (Math.random() * 10)));
        Map<String, Object> settings = Map.of("concurrency", 4, "batch-size", 3, "poll-interval", "300ms");
        for (int i = 0; i < 3; i++) {
            start("shared-" + i, pass, settings, leases);
        }
        List<UUID> hosts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hosts.add(id(create(i % 2 == 0 ? teamA : teamB, "host-" + i)));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> pass.passes().size() == 100 && pass.running() == 0);

        assertThat(pass.passes().keySet()).containsExactlyInAnyOrderElementsOf(hosts);
        assertThat(pass.passes().values()).as("each host once: complete left none due again").containsOnly(1);
        assertThat(pass.overlaps()).isEmpty();
        assertThat(hosts).allMatch(host -> Boolean.TRUE.equals(pass.completed(host)));
        assertThat(pass.instances()).as("the loops shared the work").hasSizeGreaterThan(1)
                .allMatch(instance -> instance.startsWith("shared-"));
        assertThat(leases.dueQueue()).isEqualTo(new DueQueue(0, Duration.ZERO, 0));
    }

    @Test
    void neverRunsMorePassesAtOnceThanItsConcurrencyAndCountsThem() {
        List<UUID> hosts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            hosts.add(id(create(teamA, "capped-" + i)));
        }
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicReference<MeterRegistry> metrics = new AtomicReference<>();
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            mostInFlight.accumulateAndGet((int) metrics.get().get(PassMetrics.IN_FLIGHT).gauge().value(), Math::max);
            Thread.sleep(150);
        });
        // A long poll interval: after the first batches, only a freed slot can start the next claim in time.
        ReconcilerLoop loop = start("capped", pass, Map.of("concurrency", 3, "batch-size", 2, "poll-interval", "60s"),
                leases);
        metrics.set(registries.get(loop));

        await().atMost(MOMENT).until(() -> pass.passes().size() == 12 && pass.running() == 0);

        assertThat(pass.mostAtOnce()).isEqualTo(3);
        assertThat(mostInFlight.get()).isBetween(1, 3);
        assertThat(pass.passes().keySet()).containsExactlyInAnyOrderElementsOf(hosts);
        await().atMost(MOMENT).untilAsserted(() -> {
            assertThat(metrics.get().get(PassMetrics.PASSES).tag("outcome", "completed").counter().count())
                    .isEqualTo(12);
            assertThat(metrics.get().get(PassMetrics.IN_FLIGHT).gauge().value()).isZero();
        });
        assertThat(metrics.get().get(PassMetrics.PASSES).tag("outcome", "failed").counter().count()).isZero();
    }

    @Test
    void aPassLongerThanTheLeaseKeepsTheHostThroughRenewals() throws Exception {
        UUID id = id(create(teamA, "slow"));
        AtomicBoolean everLost = new AtomicBoolean();
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            long end = System.nanoTime() + Duration.ofMillis(2700).toNanos();
            while (System.nanoTime() < end) {
                everLost.compareAndSet(false, !lease.held());
                Thread.sleep(50);
            }
        });
        Map<String, Object> settings = Map.of("lease", "900ms", "poll-interval", "100ms");
        start("patient", pass, settings, leases);
        start("eager", pass, settings, leases);

        await().atMost(MOMENT).until(() -> pass.completed(id) != null);
        Thread.sleep(300);

        assertThat(pass.passes(id)).as("the other loop never took the host").isEqualTo(1);
        assertThat(pass.overlaps()).isEmpty();
        assertThat(everLost).isFalse();
        assertThat(pass.completed(id)).isTrue();
    }

    @Test
    void aPassWhoseRenewalIsRefusedLearnsThatItLostTheHost() {
        UUID id = id(create(teamA, "stolen"));
        CountDownLatch running = new CountDownLatch(1);
        AtomicLong lostAfterMillis = new AtomicLong(-1);
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            running.countDown();
            long begin = System.nanoTime();
            while (lease.held() && System.nanoTime() - begin < MOMENT.toNanos()) {
                Thread.sleep(20);
            }
            if (!lease.held()) {
                lostAfterMillis.set(Duration.ofNanos(System.nanoTime() - begin).toMillis());
            }
        });
        ReconcilerLoop loop = start("robbed", pass, Map.of("lease", "600ms", "poll-interval", "60s"), leases);
        await().atMost(MOMENT).until(() -> running.getCount() == 0);

        jdbc.sql("update hosts set lease_owner = 'thief/' || gen_random_uuid(), lease_until = now() + interval '1 hour'"
                + " where id = :id").param("id", id).update();

        await().atMost(MOMENT).until(() -> lostAfterMillis.get() >= 0);
        assertThat(lostAfterMillis.get()).as("noticed at the next renewal").isLessThan(1500);
        await().atMost(MOMENT).until(() -> pass.running() == 0);
        assertThat(pass.completed(id)).as("a pass that lost its lease writes nothing").isNull();
        assertThat(jdbc.sql("select lease_owner from hosts where id = :id").param("id", id).query(String.class).single())
                .startsWith("thief/");
        await().atMost(MOMENT).untilAsserted(() -> assertThat(registries.get(loop).get(PassMetrics.PASSES)
                .tag("outcome", "completed").counter().count()).isEqualTo(1));
    }

    @Test
    void aPassThatThrowsReleasesTheHostAndTheLogKeepsItsSecrets(CapturedOutput output) {
        String password = "registry-pa55word-c0ffee";
        UUID id = id(create(teamA, withRegistryPassword("throwing", password)));
        AtomicInteger calls = new AtomicInteger();
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("docker login -p " + host.secrets().registryPassword("acme.azurecr.io")
                        .orElseThrow() + " failed", new RuntimeException("cause echoes " + password));
            }
        });
        // Only the release's notification can bring the host back within the minute.
        ReconcilerLoop loop = start("clumsy", pass, Map.of("poll-interval", "60s"), leases);

        await().atMost(MOMENT).until(() -> Boolean.TRUE.equals(pass.completed(id)));

        assertThat(pass.passes(id)).isEqualTo(2);
        MeterRegistry metrics = registries.get(loop);
        await().atMost(MOMENT).untilAsserted(() -> assertThat(metrics.get(PassMetrics.PASSES).tag("outcome", "completed")
                .counter().count()).isEqualTo(1));
        assertThat(metrics.get(PassMetrics.PASSES).tag("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(output.getAll()).contains("The pass on host " + id + " threw java.lang.IllegalStateException")
                .contains("java.lang.IllegalStateException (message withheld)")
                .contains("java.lang.RuntimeException (message withheld)")
                .contains("RecordingPass.run")
                .doesNotContain(password);
    }

    @Test
    void aPassThatForgetsToEndItsClaimIsRetriedOnlyWhenTheLeaseRunsOut(CapturedOutput output) {
        UUID id = id(create(teamA, "forgetful"));
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            startedAt.add(System.nanoTime());
            if (startedAt.size() == 1) {
                // Returns holding the lease and without writing: a bug in the pass.
                throw new SkipComplete();
            }
        });
        ReconcilerLoop loop = start("forgetful", skippingComplete(pass), Map.of("lease", "600ms", "poll-interval",
                "100ms"), leases);

        await().atMost(MOMENT).until(() -> Boolean.TRUE.equals(pass.completed(id)));

        assertThat(pass.passes(id)).isEqualTo(2);
        assertThat(Duration.ofNanos(startedAt.get(1) - startedAt.get(0))).as("not retried hot")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
        MeterRegistry metrics = registries.get(loop);
        await().atMost(MOMENT).untilAsserted(() -> assertThat(metrics.get(PassMetrics.PASSES).tag("outcome", "completed")
                .counter().count()).isEqualTo(1));
        assertThat(metrics.get(PassMetrics.PASSES).tag("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(output.getAll()).contains("The pass on host " + id + " returned without complete, forget or release");
    }

    /** Signals the wrapper below to return as if the pass had simply forgotten to complete. */
    private static final class SkipComplete extends RuntimeException {
    }

    private static HostPass skippingComplete(RecordingPass pass) {
        return (host, lease) -> {
            try {
                pass.run(host, lease);
            } catch (SkipComplete ignored) {
                // The pass "returns" here, its claim untouched.
            }
        };
    }

    @Test
    void stopWaitsForRunningPassesAndReleasesClaimedHostsThatHadNotStarted() throws Exception {
        UUID running = id(create(teamA, "running"));
        UUID waitingB = id(create(teamA, "waiting-b"));
        UUID waitingC = id(create(teamA, "waiting-c"));
        jdbc.sql("update hosts set next_reconcile_at = null where id in (:ids)").param("ids", List.of(waitingB, waitingC))
                .update();
        CountDownLatch finish = new CountDownLatch(1);
        AtomicLong passEnded = new AtomicLong();
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            assertThat(host.id()).isEqualTo(running);
            finish.await(10, TimeUnit.SECONDS);
            passEnded.set(System.nanoTime());
        });
        GatedLeases gated = new GatedLeases(leases);
        ReconcilerLoop loop = start("stopping", pass, Map.of("concurrency", 3, "poll-interval", "60s"), gated);
        await().atMost(MOMENT).until(() -> pass.running() == 1);

        // The next claim takes both waiting hosts and then stalls before the loop can start their passes.
        gated.closeAfterNextClaim();
        jdbc.sql("update hosts set next_reconcile_at = now() where id in (:ids)").param("ids", List.of(waitingB, waitingC))
                .update();
        jdbc.sql("select pg_notify('dockyard_hosts', :id)").param("id", waitingB.toString()).query().singleValue();
        await().atMost(MOMENT).until(() -> gated.stalled.getCount() == 0);
        assertThat(leaseOwners(waitingB, waitingC)).allMatch(owner -> owner != null && owner.startsWith("stopping/"));

        CompletableFuture<Long> stopped = new CompletableFuture<>();
        loop.stop(() -> stopped.complete(System.nanoTime()));
        gated.open.countDown();
        await().atMost(MOMENT).until(() -> gated.released.containsAll(List.of(waitingB, waitingC)));
        assertThat(leaseOwners(waitingB, waitingC)).containsOnlyNulls();
        Thread.sleep(200);
        assertThat(stopped).as("the running pass holds up the stop").isNotDone();

        finish.countDown();

        long stoppedAt = stopped.get(5, TimeUnit.SECONDS);
        assertThat(stoppedAt).isGreaterThan(passEnded.get());
        assertThat(pass.completed(running)).isTrue();
        assertThat(pass.passes()).containsOnlyKeys(running);
        assertThat(leases.dueQueue().due()).as("both handed back due").isEqualTo(2);
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void stopInterruptsPassesThatOutliveTheGraceAndReleasesTheirHosts() {
        UUID id = id(create(teamA, "stubborn"));
        AtomicBoolean interrupted = new AtomicBoolean();
        RecordingPass pass = new RecordingPass(leases).doing((host, lease) -> {
            try {
                Thread.sleep(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        });
        ReconcilerLoop loop = start("impatient", pass, Map.of("shutdown-grace", "300ms", "poll-interval", "60s"),
                leases);
        await().atMost(MOMENT).until(() -> pass.running() == 1);

        long before = System.nanoTime();
        loop.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertThat(interrupted).isTrue();
        assertThat(leaseOwners(id)).containsOnlyNulls();
        assertThat(leases.dueQueue().due()).isEqualTo(1);
        assertThat(registries.get(loop).get(PassMetrics.PASSES).tag("outcome", "failed").counter().count())
                .isEqualTo(1);
    }

    @Test
    void queueGaugesReadTheBacklogAtMostOncePerInterval() {
        id(create(teamA, "due-1"));
        id(create(teamA, "due-2"));
        jdbc.sql("update hosts set next_reconcile_at = now() - interval '30 seconds'").update();
        AtomicInteger reads = new AtomicInteger();
        GatedLeases counting = new GatedLeases(leases) {
            @Override
            public DueQueue dueQueue() {
                reads.incrementAndGet();
                return super.dueQueue();
            }
        };
        AtomicLong clock = new AtomicLong();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new DueQueueGauges(counting, Duration.ofSeconds(5), clock::get).register(registry);

        assertThat(registry.get(DueQueueGauges.DUE).gauge().value()).isEqualTo(2);
        assertThat(registry.get(DueQueueGauges.OLDEST_AGE).gauge().value()).isBetween(30.0, 40.0);
        id(create(teamA, "due-3"));
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(registry.get(DueQueueGauges.DUE).gauge().value()).as("cached").isEqualTo(2);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(registry.get(DueQueueGauges.DUE).gauge().value()).isEqualTo(3);
        assertThat(reads).hasValue(2);
    }

    private ReconcilerLoop start(String instanceId, HostPass pass, Map<String, ?> overrides, HostLeases port) {
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put("instance-id", instanceId);
        settings.put("enabled", "true");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReconcilerLoop loop = new ReconcilerLoop(ReconcilerProperties.of(settings), port, pass, dataSource,
                new PassMetrics(registry));
        registries.put(loop, registry);
        started.add(loop);
        loop.start();
        return loop;
    }

    private List<Integer> listenerPids() {
        return jdbc.sql("select pid from pg_stat_activity where query = 'LISTEN dockyard_hosts' and state = 'idle'")
                .query(Integer.class).list();
    }

    private List<String> leaseOwners(UUID... ids) {
        List<String> owners = new ArrayList<>();
        for (UUID id : ids) {
            owners.add(jdbc.sql("select lease_owner from hosts where id = :id").param("id", id).query(String.class)
                    .optional().orElse(null));
        }
        return owners;
    }

    private ObjectNode withRegistryPassword(String name, String password) {
        ObjectNode body = spec(name);
        body.putObject("docker").putArray("registryLogins").addObject().put("server", "acme.azurecr.io")
                .put("username", "robot").put("password", password);
        return body;
    }

    private static UUID id(JsonNode host) {
        return UUID.fromString(host.get("id").stringValue());
    }

    /**
     * The real port with a hold in it: after {@link #closeAfterNextClaim()}, the next claim happens in the database
     * and then waits for {@link #open} before the loop sees its hosts. Records every release.
     */
    static class GatedLeases implements HostLeases {

        private final HostLeases real;
        private volatile boolean armed;
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        final Set<UUID> released = java.util.concurrent.ConcurrentHashMap.newKeySet();

        GatedLeases(HostLeases real) {
            this.real = real;
        }

        void closeAfterNextClaim() {
            armed = true;
        }

        @Override
        public List<ClaimedHost> claimDue(String instanceId, int limit, Duration lease) {
            return gate(real.claimDue(instanceId, limit, lease));
        }

        @Override
        public List<ClaimedHost> claimNew(String instanceId, int limit, Duration lease) {
            return gate(real.claimNew(instanceId, limit, lease));
        }

        private List<ClaimedHost> gate(List<ClaimedHost> claimed) {
            if (armed && !claimed.isEmpty()) {
                armed = false;
                stalled.countDown();
                try {
                    open.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return claimed;
        }

        @Override
        public boolean renew(Lease lease, Duration extension) {
            return real.renew(lease, extension);
        }

        @Override
        public boolean progress(Lease lease, HostStatus status, List<HostEventDraft> events) {
            return real.progress(lease, status, events);
        }

        @Override
        public boolean complete(Lease lease, HostStatus status, Instant nextReconcileAt, List<HostEventDraft> events) {
            return real.complete(lease, status, nextReconcileAt, events);
        }

        @Override
        public boolean release(Lease lease) {
            boolean done = real.release(lease);
            if (done) {
                released.add(lease.hostId());
            }
            return done;
        }

        @Override
        public boolean forget(Lease lease, List<HostEventDraft> events) {
            return real.forget(lease, events);
        }

        @Override
        public Optional<Duration> untilNextDue() {
            return real.untilNextDue();
        }

        @Override
        public DueQueue dueQueue() {
            return real.dueQueue();
        }
    }
}
