package io.dockyard.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's own endpoints, as curl in the README uses them. */
class ControlApiTest {

    private static ArmSimulator simulator;
    private static ArmHttp arm;

    @BeforeAll
    static void start() {
        simulator = TestSimulators.start();
        arm = new ArmHttp(simulator);
    }

    @AfterAll
    static void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void faultsAreAddedListedAndClearedWithOnlyTheFieldsThatMatter() {
        ArmHttp.Answer added = arm.post("/_simulator/faults", """
                {"resourceType":"Microsoft.Resources/resourceGroups","method":"PUT","status":409,"code":"Conflict"}""");
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.json().path("id").asString()).startsWith("fault-");
        assertThat(added.json().path("rate").asDouble()).isEqualTo(1.0);
        assertThat(arm.put(arm.group("dy-control"), ArmBodies.group("eastus")).errorCode()).isEqualTo("Conflict");
        assertThat(arm.get("/_simulator/faults").json().path("value")).hasSize(1);
        assertThat(arm.delete("/_simulator/faults").status()).isEqualTo(204);
        assertThat(arm.put(arm.group("dy-control"), ArmBodies.group("eastus")).status()).isEqualTo(201);
    }

    @Test
    void misspeltControlFieldsAreRefused() {
        ArmHttp.Answer typo = arm.post("/_simulator/faults", "{\"resourceTyp\":\"x\",\"status\":500}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().path("error").path("message").asString()).contains("resourceTyp");
    }

    @Test
    void resourcesAndStatsCountCreatesAndWrites() {
        arm.put(arm.group("dy-counted"), ArmBodies.group("eastus"));
        arm.put(arm.group("dy-counted"), ArmBodies.group("eastus"));
        JsonNode resources = arm.get("/_simulator/resources").json().path("value");
        JsonNode group = null;
        for (JsonNode item : resources) {
            if (item.path("id").asString().endsWith("/dy-counted")) {
                group = item;
            }
        }
        assertThat(group).isNotNull();
        assertThat(group.path("creates").asInt()).isEqualTo(1);
        assertThat(group.path("writes").asInt()).isEqualTo(2);
        JsonNode stats = arm.get("/_simulator/stats").json();
        assertThat(stats.path("requests").path("PUT").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(stats.has("earlyRetries")).isTrue();
    }

    @Test
    void outOfBandChangesAndThrottlingAreReachableOverHttp() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-oob", "dy-oob", "Standard_B2s");
        assertThat(arm.post("/_simulator/out-of-band/nsg-rule", """
                {"id":"%s","rule":{"name":"docker-tls","remove":true}}""".formatted(host.nsg())).status()).isEqualTo(204);
        assertThat(arm.get(host.nsg()).json().path("properties").path("securityRules")).isEmpty();
        assertThat(arm.post("/_simulator/out-of-band/deallocate-vm", "{\"id\":\"" + host.vm() + "\"}").status()).isEqualTo(204);
        assertThat(arm.get(host.vm() + "/instanceView").text()).contains("PowerState/deallocated");
        assertThat(arm.post("/_simulator/out-of-band/delete-vm", "{\"id\":\"" + host.vm() + "\"}").status()).isEqualTo(204);
        assertThat(arm.get(host.vm()).status()).isEqualTo(404);
        ArmHttp.Answer throttling = arm.send("PUT", "/_simulator/throttling", """
                {"enabled":true,"timeFactor":2,"readBucket":250,"readsPerSecond":25,"writeBucket":200,"writesPerSecond":10,
                "deleteBucket":200,"deletesPerSecond":10}""", true);
        assertThat(throttling.json().path("timeFactor").asDouble()).isEqualTo(2.0);
        assertThat(arm.post("/_simulator/out-of-band/teleport", "{\"id\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void resetForgetsEverything() {
        SimulatorProperties settings = TestSimulators.fast();
        ArmSimulator own = ArmSimulator.start(settings);
        try {
            ArmHttp client = new ArmHttp(own);
            client.put(client.group("dy-reset"), ArmBodies.group("eastus"));
            assertThat(client.post("/_simulator/reset", null).status()).isEqualTo(204);
            assertThat(client.get(client.group("dy-reset")).status()).isEqualTo(404);
            assertThat(client.get("/_simulator/resources").json().path("value")).isEmpty();
        } finally {
            TestSimulators.stop(own);
        }
    }
}
