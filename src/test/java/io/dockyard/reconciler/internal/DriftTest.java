package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.azure.AzureException;
import io.dockyard.hosts.HostDrift;
import io.dockyard.simulator.Fault;
import io.dockyard.support.SimulatedAzure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet-wide drift check against the simulated Azure: each out-of-band change the simulator can make to a Ready
 * host is found by the subscription-wide listings, the host is woken with an event, and its next pass repairs it
 * (or reports the stopped VM). An untouched fleet wakes nobody and costs three listings whatever its size.
 */
@Import(SimulatedAzure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dockyard.simulator.enabled=true",
        "dockyard.simulator.port=0",
        "dockyard.simulator.work-dir=${java.io.tmpdir}/dy-drift-test-sim",
        "dockyard.simulator.timing.vm-provisioning=0s",
        "dockyard.azure.enabled=true"
})
class DriftTest extends ReconcilerFleetTest {

    @Autowired
    HostDrift drift;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcClient jdbc;

    private HostReconciliation reconciliation;
    private DriftCheck check;

    @BeforeEach
    void setUp() {
        reconciliation = reconciliation(Duration.ofMillis(100));
        check = new DriftCheck(azure, drift, bootstrap.extensionName());
    }

    private JsonNode ready(String id) {
        return passUntil(reconciliation, id, h -> phase(h, "Ready"));
    }

    /** Runs the check as of now, a moment after the last pass, so that every settled host is compared. */
    private DriftCheck.Result checkNow() {
        return check.run(Instant.now().plusMillis(1));
    }

    private String events(String id) {
        return api.get("/api/v1/hosts/" + id + "/events", teamA).body();
    }

    private String nsgId(String id) {
        return resourceId(id, "Microsoft.Network/networkSecurityGroups", "nsg");
    }

    @Test
    void aVmDeletedOutOfBandIsFoundAndRecreated() {
        String id = create("drift-vm");
        ready(id);
        simulator.deleteOutOfBand(vmId(id, "drift-vm"));

        assertThat(checkNow().woken()).isEqualTo(1);
        assertThat(events(id)).contains("DriftDetected").contains("virtual machine drift-vm is missing");
        JsonNode repaired = ready(id);
        assertThat(simulator.creates(vmId(id, "drift-vm"))).isEqualTo(2);
        assertThat(events(id)).contains("VirtualMachineRecreated").doesNotContain("VirtualMachineUpdated");
        assertThat(repaired.path("status").path("docker").path("serverVersion").asString()).isNotBlank();
        assertThat(checkNow().woken()).as(() -> events(id)).isZero();
    }

    @Test
    void anNsgRuleChangedOutOfBandIsRestored() {
        String id = create("drift-nsg");
        ready(id);
        simulator.setSecurityRuleOutOfBand(nsgId(id), """
                {"name": "docker-tls", "properties": {"sourceAddressPrefixes": ["0.0.0.0/0"], "sourceAddressPrefix": null}}
                """);

        assertThat(checkNow().woken()).isEqualTo(1);
        assertThat(events(id)).contains("rules were changed outside Dockyard");
        long writes = simulator.writes(nsgId(id));
        ready(id);
        assertThat(simulator.writes(nsgId(id))).isEqualTo(writes + 1);
        assertThat(checkNow().woken()).as("the rule is back as the spec says").isZero();
    }

    @Test
    void anAddedNsgRuleIsRemoved() {
        String id = create("drift-rule");
        ready(id);
        simulator.setSecurityRuleOutOfBand(nsgId(id), """
                {"name": "open-everything", "properties": {"priority": 200, "direction": "Inbound", "access": "Allow",
                 "protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
                 "sourceAddressPrefix": "*", "destinationAddressPrefix": "*"}}
                """);

        assertThat(checkNow().woken()).isEqualTo(1);
        ready(id);
        assertThat(checkNow().woken()).isZero();
    }

    @Test
    void aRemovedExtensionIsFoundAndReapplied() {
        String id = create("drift-ext");
        String serial = ready(id).path("status").path("certificates").path("serverSerial").asString();
        String extension = vmId(id, "drift-ext") + "/extensions/" + bootstrap.extensionName();
        simulator.deleteOutOfBand(extension);

        assertThat(checkNow().woken()).isEqualTo(1);
        assertThat(events(id)).contains("Docker install extension " + bootstrap.extensionName() + " is missing");
        JsonNode repaired = passUntil(reconciliation, id, h -> phase(h, "Ready")
                && !h.path("status").path("certificates").path("serverSerial").asString().equals(serial));
        assertThat(repaired.path("status").path("docker").path("serverVersion").asString()).isNotBlank();
        assertThat(simulator.creates(extension)).isEqualTo(2);
    }

    @Test
    void aDeallocatedVmIsReportedAndItsHostDegraded() {
        String id = create("drift-off");
        ready(id);
        simulator.deallocateOutOfBand(vmId(id, "drift-off"));

        assertThat(checkNow().woken()).isEqualTo(1);
        JsonNode degraded = passUntil(reconciliation, id, h -> phase(h, "Degraded"));
        assertThat(degraded.path("status").path("azure").path("powerState").asString()).isEqualTo("deallocated");
        assertThat(events(id)).contains("drift-off is deallocated").contains("VirtualMachineNotRunning");
        assertThat(checkNow().woken()).as("a stopped VM already reported is not news").isZero();
    }

    @Test
    void anUntouchedFleetWakesNobodyAndCostsThreeListings() {
        List<String> ids = List.of(create("calm-1"), create("calm-2"), create("calm-3"), create("calm-4"));
        ids.forEach(this::ready);
        double before = armRequests();

        DriftCheck.Result result = checkNow();

        assertThat(result.compared()).isEqualTo(ids.size());
        assertThat(result.woken()).isZero();
        assertThat(result.resourcesListed()).isEqualTo(ids.size() * 6);
        assertThat(armRequests() - before).isEqualTo(3);
    }

    @Test
    void aHostReconciledAfterTheListingBeganIsNotJudgedByIt() {
        String id = create("drift-late");
        ready(id);
        simulator.deleteOutOfBand(vmId(id, "drift-late"));

        assertThat(check.run(Instant.now().minusSeconds(60)).compared()).isZero();
    }

    @Test
    void aFailedListingLeavesEveryHostAsItWas() {
        String id = create("drift-429");
        ready(id);
        simulator.deleteOutOfBand(vmId(id, "drift-429"));
        simulator.addFault(Fault.error("Microsoft.Resources/resources", "GET", 429, "SubscriptionRequestsThrottled"));

        assertThatThrownBy(this::checkNow).isInstanceOf(AzureException.class);
        assertThat(api.get("/api/v1/hosts/" + id, teamA).json().path("status").path("phase").asString())
                .isEqualTo("Ready");
        simulator.clearFaults();
        assertThat(checkNow().woken()).isEqualTo(1);
    }

    @Test
    void exactlyOneInstanceRunsEachRound() throws Exception {
        DriftRounds rounds = new DriftRounds(jdbc);
        rounds.dueNow();
        List<DriftSweeper> sweepers = List.of(sweeper(rounds, "a"), sweeper(rounds, "b"), sweeper(rounds, "c"));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> ran = threads.invokeAll(sweepers.stream()
                    .map(s -> (Callable<Boolean>) s::runIfDue).toList());
            long winners = 0;
            for (Future<Boolean> f : ran) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        }
        assertThat(sweepers.stream().anyMatch(DriftSweeper::runIfDue)).as("the next round is an interval away").isFalse();
    }

    private DriftSweeper sweeper(DriftRounds rounds, String instance) {
        return new DriftSweeper(check, rounds, instance, Duration.ofMinutes(10), java.time.Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private double armRequests() {
        return meters.find("dockyard.arm.requests").counters().stream().mapToDouble(Counter::count).sum();
    }
}
