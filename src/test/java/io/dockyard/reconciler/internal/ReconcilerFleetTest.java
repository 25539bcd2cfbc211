package io.dockyard.reconciler.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    /** Hosts whose pass is running right now, across every loop; a second entry would be an overlap. */
    final Set<String> running = ConcurrentHashMap.newKeySet();
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
                2.0 / 3, Duration.ofSeconds(5), true, "10.0.0.0/24", "10.0.0.0/27");
    }

    /** The pass, assembled the way the configuration does, with test timings. */
    HostReconciliation reconciliation(Duration requeue) {
        return ReconcilerConfiguration.assemble(leases, azure, authority, payloads, bootstrap, images,
                fastSettings(requeue), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    void startLoops(int instances, int concurrency) {
        HostReconciliation reconciliation = reconciliation(Duration.ofMillis(200));
        HostPass watched = (ClaimedHost host, LeaseKeeper lease) -> {
            if (!running.add(host.id().toString())) {
                overlaps.incrementAndGet();
            }
            try {
                reconciliation.run(host, lease);
            } finally {
                running.remove(host.id().toString());
            }
        };
        for (int i = 0; i < instances; i++) {
            ReconcilerLoop loop = new ReconcilerLoop(ReconcilerProperties.of(Map.of("enabled", "true",
                    "instance-id", "fleet-" + i, "concurrency", String.valueOf(concurrency), "poll-interval", "200ms",
                    "lease", "30s")), leases, watched, dataSource, new PassMetrics(new SimpleMeterRegistry()));
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

    String resourceId(String hostId, String type, String name) {
        return "/subscriptions/" + simulator.subscriptionId() + "/resourceGroups/dockyard-" + hostId + "/providers/"
                + type + "/" + name;
    }
}
