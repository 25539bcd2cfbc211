package io.dockyard.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of injected fault, as the unmodified SDK experiences it: exception type, status and ARM error code. */
class FaultInjectionTest {

    private static final String NSG = "Microsoft.Network/networkSecurityGroups";
    private static ArmSimulator simulator;
    private static SdkClients azure;
    private static ArmHttp arm;

    @BeforeAll
    static void start() {
        simulator = TestSimulators.start();
        azure = SdkClients.of(simulator, Duration.ofSeconds(30), 3);
        arm = new ArmHttp(simulator);
        azure.resources().resourceGroups().define("dy-faults").withRegion(Region.US_EAST).create();
    }

    @AfterEach
    void clear() {
        simulator.clearFaults();
    }

    @AfterAll
    static void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void errorFaultReachesTheSdkAsManagementExceptionWithStatusAndCode() {
        simulator.addFault(Fault.error(NSG, "PUT", 409, "OperationNotAllowed").withMessage("Not now."));
        assertThatThrownBy(() -> azure.network().networkSecurityGroups().define("dy-refused").withRegion(Region.US_EAST)
                .withExistingResourceGroup("dy-faults").create())
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                    assertThat(e.getValue().getCode()).isEqualTo("OperationNotAllowed");
                    assertThat(e.getValue().getMessage()).isEqualTo("Not now.");
                });
        assertThat(arm.get(arm.group("dy-faults") + "/providers/" + NSG + "/dy-refused").status()).isEqualTo(404);
    }

    @Test
    void transientServerErrorsAreRetriedByTheSdk() {
        simulator.addFault(Fault.error(NSG, "PUT", 503, "ServiceUnavailable").withTimes(2));
        var nsg = azure.network().networkSecurityGroups().define("dy-retried").withRegion(Region.US_EAST)
                .withExistingResourceGroup("dy-faults").create();
        assertThat(nsg.id()).endsWith("/dy-retried");
        assertThat(simulator.creates(nsg.id())).isEqualTo(1);
    }

    @Test
    void nthCallFaultFailsExactlyThatCall() {
        simulator.addFault(Fault.nth("Microsoft.Resources/resourceGroups", "GET", 2, 500, "InternalServerError"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(arm.get(arm.group("dy-faults")).status());
        }
        assertThat(statuses).containsExactly(200, 500, 200, 200);
    }

    @Test
    void rateFaultsAreRepeatableForTheSameSeed() {
        List<Integer> first = pattern(Fault.rate("Microsoft.Resources/resourceGroups", "GET", 0.5, 42, 500, "InternalServerError"));
        List<Integer> second = pattern(Fault.rate("Microsoft.Resources/resourceGroups", "GET", 0.5, 42, 500, "InternalServerError"));
        List<Integer> other = pattern(Fault.rate("Microsoft.Resources/resourceGroups", "GET", 0.5, 7, 500, "InternalServerError"));
        assertThat(first).isEqualTo(second).contains(200, 500).isNotEqualTo(other);
    }

    private List<Integer> pattern(Fault fault) {
        simulator.clearFaults();
        simulator.addFault(fault);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            statuses.add(arm.get(arm.group("dy-faults")).status());
        }
        return statuses;
    }

    @Test
    void latencyFaultSlowsMatchingCalls() {
        simulator.addFault(Fault.latency("Microsoft.Resources/resourceGroups", "GET", 400));
        long started = System.nanoTime();
        azure.resources().resourceGroups().getByName("dy-faults");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void hungCallsEndInTheClientsTimeout() {
        SdkClients impatient = SdkClients.of(simulator, Duration.ofMillis(800), 0);
        simulator.addFault(Fault.hang("Microsoft.Resources/resourceGroups", "GET"));
        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.resources().resourceGroups().getByName("dy-faults"))
                .hasStackTraceContaining("imeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        simulator.clearFaults();
        assertThat(impatient.resources().resourceGroups().getByName("dy-faults").name()).isEqualTo("dy-faults");
    }

    @Test
    void operationFaultFailsTheLongRunningOperation() {
        simulator.addFault(Fault.failOperation(NSG, "PUT", "InternalOperationError", "The NSG could not be programmed."));
        assertThatThrownBy(() -> azure.network().networkSecurityGroups().define("dy-failed").withRegion(Region.US_EAST)
                .withExistingResourceGroup("dy-faults").create())
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getValue().getCode()).isEqualTo("InternalOperationError");
                    assertThat(e.getValue().getMessage()).isEqualTo("The NSG could not be programmed.");
                });
        assertThat(arm.get(arm.group("dy-faults") + "/providers/" + NSG + "/dy-failed").json().path("properties")
                .path("provisioningState").asString()).isEqualTo("Failed");
    }

    @Test
    void beginPollerReportsAFailedOperationWithItsError() {
        simulator.addFault(Fault.failOperation(NSG, "PUT", "InternalOperationError", "Nope."));
        NetworkSecurityGroupInner inner = new NetworkSecurityGroupInner().withLocation("eastus");
        SyncPoller<?, NetworkSecurityGroupInner> poller = azure.network().serviceClient().getNetworkSecurityGroups()
                .beginCreateOrUpdate("dy-faults", "dy-polled", inner);
        var last = poller.waitForCompletion(Duration.ofSeconds(30));
        assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
    }

    @Test
    void faultsCanBeScopedToOneMethod() {
        simulator.addFault(Fault.error(NSG, "DELETE", 500, "InternalServerError"));
        var nsg = azure.network().networkSecurityGroups().define("dy-scoped").withRegion(Region.US_EAST)
                .withExistingResourceGroup("dy-faults").create();
        assertThat(azure.network().networkSecurityGroups().getById(nsg.id()).name()).isEqualTo("dy-scoped");
        assertThatThrownBy(() -> azure.network().networkSecurityGroups().deleteById(nsg.id()))
                .isInstanceOf(HttpResponseException.class);
    }
}
