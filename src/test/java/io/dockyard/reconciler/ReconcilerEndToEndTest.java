package io.dockyard.reconciler;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.simulator.ArmSimulator;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.SimulatedAzure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service with its reconciler on: a POST is all it takes for a host to become Ready against the
 * simulated Azure, and a DELETE for it to disappear from the API and the cloud.
 */
@Import(SimulatedAzure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dockyard.simulator.enabled=true",
        "dockyard.simulator.port=0",
        "dockyard.simulator.work-dir=${java.io.tmpdir}/dy-e2e-test-sim",
        "dockyard.simulator.timing.vm-provisioning=0s",
        "dockyard.azure.enabled=true",
        "dockyard.reconciler.enabled=true",
        "dockyard.reconciler.poll-interval=2s",
        "dockyard.reconciler.pass.in-progress-requeue=200ms",
        "dockyard.reconciler.pass.backoff-base=200ms",
        "dockyard.reconciler.pass.endpoint-by-address=true"
})
class ReconcilerEndToEndTest extends ApiTestSupport {

    @Autowired
    ArmSimulator simulator;

    @BeforeEach
    void cleanCloud() {
        simulator.reset();
    }

    @Test
    void aPostedHostBecomesReadyAndADeletedOneLeavesNothing() {
        ObjectNode body = spec("e2e-01");
        ApiResponse created = api.post("/api/v1/hosts", teamA, body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode host = api.get("/api/v1/hosts/" + id, teamA).json();
            assertThat(host.path("status").path("phase").asString()).as(host.toString()).isEqualTo("Ready");
        });
        assertThat(api.get("/api/v1/hosts/" + id + "/docker-env", teamA).body()).contains("DOCKER_HOST=\"tcp://127.");

        assertThat(api.delete("/api/v1/hosts/" + id, teamA).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/hosts/" + id, teamA).status() == 404);
        assertThat(simulator.engines()).isEmpty();
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).body()).contains("Deprovisioned");
    }
}
