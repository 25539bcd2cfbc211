package io.dockyard.reconciler.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import io.dockyard.azure.AzureResources;
import io.dockyard.bootstrap.BootstrapPayloads;
import io.dockyard.bootstrap.BootstrapProperties;
import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.HostImages;
import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.Lease;
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared setup for tests that run real passes against one database and one simulated cloud — by hand, or in
 * several reconciler instances (loops with their own instance ids) — and count what happened in the cloud.
 */
abstract class ReconcilerFleetTest extends ApiTestSupport {

    @Autowired
    ArmSimulator simulator;
    @Autowired
    HostLeases leases;
    @Autowired
    AzureResources azure;
    @Autowired
    CertificateAuthority authority;
    @Autowired
    BootstrapPayloads payloads;
    @Autowired
    BootstrapProperties bootstrap;
    @Autowired
    HostImages images;
    @Autowired
    DataSource dataSource;

    private final List<ReconcilerLoop> loops = new ArrayList<>();
    /** Hosts whose pass is running right now (to the lease token running it), across every loop. */
    final Map<String, String> running = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();

    @BeforeEach
    void cleanCloud() {
        simulator.reset();
    }

    @AfterEach
    void stopLoops() {
        loops.forEach(ReconcilerLoop::stop);
        loops.clear();
    }

    /** Pass timings for tests: Azure is simulated, so look again after {@code requeue}. */
    static PassSettings fastSettings(Duration requeue) {
        return new PassSettings(requeue, requeue, Duration.ofSeconds(2), Duration.ofMinutes(30), Duration.ofMinutes(10),
                Duration.ofHours(6), 2.0 / 3, Duration.ofSeconds(5), true, "10.0.0.0/24", "10.0.0.0/27");
    }

    /** The pass, assembled the way the configuration does, with test timings. */
    HostReconciliation reconciliation(Duration requeue) {
        return ReconcilerConfiguration.assemble(leases, azure, authority, payloads, bootstrap, images,
                fastSettings(requeue), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    void startLoops(int instances, int concurrency) {
        // A pass's steps end when it gives its lease up (complete, forget, release): from then on another instance may
        // rightly claim the host, even before this thread has returned. So the watch ends there, keyed by lease token.
        HostLeases watchedLeases = (HostLeases) Proxy.newProxyInstance(HostLeases.class.getClassLoader(),
                new Class<?>[] {HostLeases.class}, (proxy, method, args) -> {
                    if (Set.of("complete", "forget", "release").contains(method.getName())) {
                        Lease lease = (Lease) args[0];
                        running.remove(lease.hostId().toString(), lease.token());
                    }
                    try {
                        return method.invoke(leases, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        HostReconciliation reconciliation = ReconcilerConfiguration.assemble(watchedLeases, azure, authority, payloads,
                bootstrap, images, fastSettings(Duration.ofMillis(200)), Clock.systemUTC(), new SimpleMeterRegistry());
        HostPass watched = (ClaimedHost host, LeaseKeeper lease) -> {
            String token = host.lease().token();
            if (running.putIfAbsent(host.id().toString(), token) != null) {
                overlaps.incrementAndGet();
            }
            try {
                reconciliation.run(host, lease);
            } finally {
                running.remove(host.id().toString(), token);
            }
        };
        for (int i = 0; i < instances; i++) {
            ReconcilerLoop loop = new ReconcilerLoop(ReconcilerProperties.of(Map.of("enabled", "true",
                    "instance-id", "fleet-" + i, "concurrency", String.valueOf(concurrency), "poll-interval", "200ms",
                    "lease", "60s")), leases, watched, dataSource, new PassMetrics(new SimpleMeterRegistry()));
            loops.add(loop);
            loop.start();
        }
    }

    List<String> createHosts(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode body = spec(prefix + "-" + i);
            ApiResponse created = api.post("/api/v1/hosts", teamA, body.toString());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().path("id").asString());
        }
        return ids;
    }

    void awaitAllReady(List<String> ids, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            long ready = ids.stream().filter(id -> api.get("/api/v1/hosts/" + id, teamA).json().path("status")
                    .path("phase").asString().equals("Ready")).count();
            assertThat(ready).isEqualTo(ids.size());
        });
    }

    /** Claims and passes due hosts with {@code reconciliation} until the condition holds, as the loop would. */
    JsonNode passUntil(HostReconciliation reconciliation, String id, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (ClaimedHost host : leases.claimDue("test", 10, Duration.ofSeconds(30))) {
                    reconciliation.run(host, LeaseKeeper.steady(host.lease()));
                }
                ApiResponse got = api.get("/api/v1/hosts/" + id, admin);
                last[0] = got.status() == 404 ? null : got.json();
                return done.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("host " + id + " never got there; last seen: " + last[0] + "\nevents: "
                    + api.get("/api/v1/hosts/" + id + "/events", admin).body(), e);
        }
        return last[0];
    }

    /** A host of team A in eastus, created through the API; returns its id. */
    String create(String name) {
        ObjectNode body = spec(name);
        body.put("location", "eastus");
        ApiResponse created = api.post("/api/v1/hosts", teamA, body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** A merge patch by team A with the host's current ETag; asserts it was accepted. */
    void patchHost(String id, String json) {
        ApiResponse got = api.get("/api/v1/hosts/" + id, teamA);
        ApiResponse patched = api.patch("/api/v1/hosts/" + id, teamA, json,
                Map.of("If-Match", got.header("ETag"), "Content-Type", "application/merge-patch+json"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    static boolean phase(JsonNode host, String phase) {
        return host != null && host.path("status").path("phase").asString().equals(phase);
    }

    String vmId(String id, String name) {
        return resourceId(id, "Microsoft.Compute/virtualMachines", name);
    }

    String resourceId(String hostId, String type, String name) {
        return "/subscriptions/" + simulator.subscriptionId() + "/resourceGroups/dockyard-" + hostId + "/providers/"
                + type + "/" + name;
    }
}
