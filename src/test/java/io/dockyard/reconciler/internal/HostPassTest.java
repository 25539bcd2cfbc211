package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.simulator.Fault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.SimulatedAzure;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One host's passes, driven by hand (claim, pass, claim again) against the simulated Azure with fake Docker
 * engines: the steps take a POSTed host to Ready, a resize and a deletion reach Azure, failures are reported with
 * Azure's code.
 */
@Import(SimulatedAzure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dockyard.simulator.enabled=true",
        "dockyard.simulator.port=0",
        "dockyard.simulator.work-dir=${java.io.tmpdir}/dy-pass-test-sim",
        "dockyard.simulator.timing.vm-provisioning=0s",
        "dockyard.azure.enabled=true"
})
class HostPassTest extends ReconcilerFleetTest {

    private HostReconciliation reconciliation;
    @Autowired
    MeterRegistry meters;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        reconciliation = reconciliation(Duration.ofMillis(100));
    }

    private JsonNode passUntil(String id, java.util.function.Predicate<JsonNode> done) {
        return passUntil(reconciliation, id, done);
    }

    @Test
    void aNewHostBecomesReadyWithEveryConditionTrue() {
        String id = create("build-01");
        JsonNode host = passUntil(id, h -> phase(h, "Ready"));
        JsonNode status = host.path("status");
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.path("conditions")).hasSize(7)
                .allSatisfy(c -> assertThat(c.path("status").asString()).as(c.toString()).isEqualTo("True"));
        assertThat(status.path("azure").path("publicIp").asString()).startsWith("127.");
        assertThat(status.path("azure").path("fqdn").asString()).endsWith(".eastus.cloudapp.azure.com");
        assertThat(status.path("docker").path("endpoint").asString())
                .isEqualTo("tcp://" + status.path("azure").path("publicIp").asString() + ":2376");
        assertThat(status.path("docker").path("serverVersion").asString()).isEqualTo("27.5.1");
        assertThat(status.path("certificates").path("serverSerial").asString()).isNotBlank();
        assertThat(simulator.creates(vmId(id, "build-01"))).isEqualTo(1);
        assertThat(simulator.engines()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("running"));
        ApiResponse env = api.get("/api/v1/hosts/" + id + "/docker-env", teamA);
        assertThat(env.status()).isEqualTo(200);
        assertThat(env.body()).contains("export DOCKER_HOST=\"tcp://" + status.path("azure").path("publicIp").asString()
                + ":2376\"").contains("export DOCKER_TLS_VERIFY=\"1\"");
        assertThat(api.get("/api/v1/hosts/" + id + "/docker-env", teamB).status()).isEqualTo(404);
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().path("items");
        String metrics = api.get("/actuator/prometheus", admin).body();
        assertThat(metrics).contains("dockyard_hosts{phase=\"Ready\"}").contains("dockyard_certificates_next_expiry_seconds")
                .containsPattern("dockyard_arm_requests_total\\{method=\"PUT\",status=\"201\",type=\"Microsoft.Compute/virtualMachines\"}");
        assertThat(events.toString()).contains("DockerPayloadApplied").contains("\"Ready\"");
        assertThat(events.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void rotatingTheClientCaReachesTheEngineAndLocksOutOldCertificates() throws Exception {
        String id = create("rotate-01");
        JsonNode ready = passUntil(id, h -> phase(h, "Ready"));
        String address = ready.path("status").path("azure").path("publicIp").asString();
        String fingerprint = ready.path("status").path("certificates").path("clientCaFingerprint").asString();
        io.dockyard.pki.ClientBundle before = bundle(id);
        DockerProbe probe = new DockerProbe(Duration.ofSeconds(5));
        java.net.InetAddress host = java.net.InetAddress.getByName(address);
        assertThat(probe.probe(host, 2376, before, before.caPem()).reachable()).isTrue();

        assertThat(api.post("/api/v1/hosts/" + id + "/rotate-certificates", teamA, "{}").status()).isBetween(200, 202);
        passUntil(id, h -> phase(h, "Ready")
                && !h.path("status").path("certificates").path("clientCaFingerprint").asString().equals(fingerprint));
        io.dockyard.pki.ClientBundle after = bundle(id);
        assertThat(probe.probe(host, 2376, after, after.caPem()).reachable()).isTrue();
        DockerProbe.Result refused = probe.probe(host, 2376, before, before.caPem());
        assertThat(refused.reachable()).as("a certificate of the old client CA").isFalse();
    }

    private io.dockyard.pki.ClientBundle bundle(String id) {
        ApiResponse issued = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, "{\"ttl\":\"PT1H\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode json = issued.json();
        return new io.dockyard.pki.ClientBundle(json.path("serial").asString(), java.time.Instant.now().plusSeconds(3600),
                json.path("caPem").asString(), json.path("certPem").asString(), json.path("keyPem").asString());
    }

    @Test
    void aCloudEmptiedMidProvisioningIsRebuiltNotFailed() {
        String id = create("rebuild-01");
        passUntil(id, h -> h.path("status").path("conditions").toString().contains("\"NetworkReady\",\"status\":\"True\""));
        simulator.reset();
        JsonNode ready = passUntil(id, h -> {
            assertThat(h.path("status").path("phase").asString()).as(h.path("status").path("lastError").toString()).isNotEqualTo("Failed");
            return phase(h, "Ready");
        });
        assertThat(ready.path("status").has("lastError")).isFalse();
    }

    @Test
    void aFreshHostsGroupAndNetworkAreWrittenWithoutFirstReadingA404() {
        List<String> types = List.of("Microsoft.Resources/resourceGroups", "Microsoft.Network/networkSecurityGroups",
                "Microsoft.Network/virtualNetworks", "Microsoft.Network/publicIPAddresses");
        double notFoundBefore = armRequests("GET", "404", types);
        double putsBefore = armRequests("PUT", null, types);
        String id = create("fresh-01");
        // Hosts of earlier tests would read their missing resources; they wait while this one is counted.
        jdbc.sql("update hosts set next_reconcile_at = now() + interval '1 day' where id <> :id")
                .param("id", java.util.UUID.fromString(id)).update();

        passUntil(id, h -> phase(h, "Ready"));

        assertThat(armRequests("GET", "404", types) - notFoundBefore).as("reads answered 404").isZero();
        assertThat(armRequests("PUT", null, types) - putsBefore).as("writes").isEqualTo(types.size());
        // What is not known to be new is still observed before it is written.
        assertThat(armRequests("GET", "404", List.of("Microsoft.Compute/virtualMachines"))).isPositive();
    }

    private double armRequests(String method, String status, List<String> types) {
        return meters.find("dockyard.arm.requests").tag("method", method).counters().stream()
                .filter(c -> types.contains(c.getId().getTag("type")))
                .filter(c -> status == null || status.equals(c.getId().getTag("status")))
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void aHostWithoutAnEndpointHasNoDockerEnvYet() {
        String id = create("early-01");
        ApiResponse env = api.get("/api/v1/hosts/" + id + "/docker-env", teamA);
        assertThat(env.status()).isEqualTo(409);
        assertThat(env.json().path("type").asString()).isEqualTo("https://dockyard.io/problems/host-not-ready");
    }

    @Test
    void aResizeReachesTheVmAndObservedGenerationCatchesUp() {
        String id = create("resize-01");
        passUntil(id, h -> phase(h, "Ready"));
        patchHost(id, "{\"vmSize\":\"Standard_D2s_v5\"}");
        JsonNode host = passUntil(id, h -> phase(h, "Ready") && h.path("status").path("observedGeneration").asLong() == 2);
        assertThat(host.path("generation").asLong()).isEqualTo(2);
        assertThat(azure.virtualMachine("dockyard-" + id, "resize-01").orElseThrow().size()).isEqualTo("Standard_D2s_v5");
        assertThat(simulator.creates(vmId(id, "resize-01"))).isEqualTo(1);
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).body()).contains("VirtualMachineUpdated");
    }

    @Test
    void aDeletedHostLeavesNothingInAzureAndItsCertificatesAreRevoked() {
        String id = create("gone-01");
        passUntil(id, h -> phase(h, "Ready"));
        assertThat(api.delete("/api/v1/hosts/" + id, teamA).status()).isEqualTo(202);
        passUntil(id, h -> h == null);
        assertThat(azure.managedResources()).noneMatch(r -> id.equals(r.hostId()));
        assertThat(simulator.engines()).isEmpty();
        assertThat(authority.certificates(java.util.UUID.fromString(id), io.dockyard.pki.CertificateKind.SERVER))
                .isNotEmpty().allSatisfy(c -> assertThat(c.revokedAt()).isNotNull());
    }

    @Test
    void aTerminalAzureErrorFailsTheHostWithAzuresCodeAndAPatchRecoversIt() {
        simulator.addFault(Fault.error("Microsoft.Compute/virtualMachines", "PUT", 409, "SkuNotAvailable")
                .withMessage("The requested VM size is currently not available in location 'eastus'."));
        String id = create("failed-01");
        JsonNode failed = passUntil(id, h -> phase(h, "Failed"));
        assertThat(failed.path("status").path("lastError").path("code").asString()).isEqualTo("SkuNotAvailable");
        assertThat(failed.path("status").path("lastError").path("transient").asBoolean()).isFalse();
        assertThat(failed.path("status").path("nextReconcileAt").asString()).isNotBlank();
        simulator.clearFaults();
        patchHost(id, "{\"vmSize\":\"Standard_D2s_v5\"}");
        JsonNode ready = passUntil(id, h -> phase(h, "Ready"));
        assertThat(ready.path("status").has("lastError")).isFalse();
    }

    @Test
    void anExtensionRemovedOutOfBandIsReappliedWithANewCertificate() {
        String id = create("drift-01");
        JsonNode ready = passUntil(id, h -> phase(h, "Ready"));
        String serial = ready.path("status").path("certificates").path("serverSerial").asString();
        simulator.deleteOutOfBand(vmId(id, "drift-01") + "/extensions/" + bootstrap.extensionName());
        api.post("/api/v1/hosts/" + id + "/reconcile", teamA, "{}");
        JsonNode again = passUntil(id, h -> phase(h, "Ready")
                && !h.path("status").path("certificates").path("serverSerial").asString().equals(serial));
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).body()).contains("removed outside Dockyard");
        assertThat(again.path("status").path("docker").path("serverVersion").asString()).isNotBlank();
    }

    @Test
    void serverErrorsBackOffExponentiallyAndTheHostStillBecomesReady() {
        simulator.addFault(Fault.error("Microsoft.Network/networkSecurityGroups", "PUT", 500, "InternalServerError")
                .withTimes(4));
        String id = create("backoff-01");
        List<Long> delays = new ArrayList<>();
        for (int failures = 1; failures <= 4; failures++) {
            int expected = failures;
            JsonNode status = passUntil(id, h -> h.path("status").path("consecutiveFailures").asInt() == expected)
                    .path("status");
            assertThat(status.path("phase").asString()).isEqualTo("Provisioning");
            assertThat(status.path("lastError").path("code").asString()).isEqualTo("InternalServerError");
            assertThat(status.path("lastError").path("transient").asBoolean()).isTrue();
            delays.add(Duration.between(Instant.parse(status.path("lastReconcileAt").asString()),
                    Instant.parse(status.path("nextReconcileAt").asString())).toMillis());
        }
        // A 100 ms base: the n-th delay is drawn from the upper half of 100 ms * 2^(n-1).
        for (int n = 1; n <= 4; n++) {
            assertThat(delays.get(n - 1)).as("delay after failure %d of %s", n, delays)
                    .isBetween((50L << (n - 1)) - 1, (100L << (n - 1)) + 1);
        }
        JsonNode ready = passUntil(id, h -> phase(h, "Ready"));
        assertThat(ready.path("status").path("consecutiveFailures").asInt()).isZero();
        String events = api.get("/api/v1/hosts/" + id + "/events", teamA).body();
        assertThat(events.split("ReconcileRetrying", -1)).as("one event for the same error, not one per retry")
                .hasSize(2);
    }

    @Test
    void growingTheOsDiskDeallocatesTheVmGrowsTheDiskAndStartsItAgain() {
        String id = create("disk-01");
        passUntil(id, h -> phase(h, "Ready"));
        patchHost(id, "{\"osDiskSizeGb\":128}");

        JsonNode ready = passUntil(id, h -> phase(h, "Ready") && h.path("status").path("observedGeneration").asLong() == 2);

        assertThat(azure.virtualMachine("dockyard-" + id, "disk-01")).get()
                .satisfies(vm -> assertThat(vm.osDiskSizeGb()).isEqualTo(128));
        assertThat(ready.path("status").path("azure").path("powerState").asString()).isEqualTo("running");
        assertThat(ready.path("status").path("docker").path("serverVersion").asString()).isNotBlank();
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).body())
                .contains("OsDiskGrowing").contains("from 64 to 128 GiB").contains("OsDiskGrown");
        assertThat(simulator.creates(vmId(id, "disk-01"))).isEqualTo(1);
    }

    @Test
    void aServerCertificateWhosePayloadNeverReachedAzureIsRevoked() {
        simulator.addFault(Fault.error("Microsoft.Compute/virtualMachines/extensions", "PUT", 500, "InternalServerError")
                .withTimes(1));
        String id = create("orphan-01");
        JsonNode ready = passUntil(id, h -> phase(h, "Ready"));
        String serving = ready.path("status").path("certificates").path("serverSerial").asString();

        var issued = authority.certificates(java.util.UUID.fromString(id), io.dockyard.pki.CertificateKind.SERVER);
        assertThat(issued).hasSize(2);
        assertThat(issued).filteredOn(c -> c.revokedAt() == null).singleElement()
                .satisfies(c -> assertThat(c.serial()).isEqualTo(serving));
    }

    @Test
    void changedSourceRangesAndTagsReachEveryResourceWithEvents() {
        String id = create("ranges-01");
        passUntil(id, h -> phase(h, "Ready"));
        patchHost(id, "{\"network\":{\"allowedSourceRanges\":[\"198.51.100.0/24\"]},\"tags\":{\"cost-center\":\"cc-42\"}}");

        passUntil(id, h -> phase(h, "Ready") && h.path("status").path("observedGeneration").asLong() == 2);

        var resources = azure.managedResources().stream().filter(r -> id.equals(r.hostId())).toList();
        assertThat(resources).hasSize(6).allSatisfy(r -> assertThat(r.tags()).containsEntry("cost-center", "cc-42"));
        String nsg = api.get("/api/v1/hosts/" + id, teamA).json().path("status").path("conditions").toString();
        assertThat(nsg).contains("open to 198.51.100.0/24");
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).body())
                .contains("NetworkUpdated").contains("Network security group nsg differed from the spec (generation 2)");
    }
}
