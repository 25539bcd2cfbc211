package io.dockyard.simulator;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the simulated ARM answers, status by status and header by header, where the SDK would hide it. */
class ArmBehaviourTest {

    private static ArmSimulator simulator;
    private static ArmHttp arm;

    @BeforeAll
    static void start() {
        SimulatorProperties fast = TestSimulators.fast();
        simulator = ArmSimulator.start(fast
                .withCompute(new SimulatorProperties.Compute(1000, List.of("Standard_B1s")))
                .withTiming(new SimulatorProperties.Timing(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 2)));
        arm = new ArmHttp(simulator);
    }

    @AfterAll
    static void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void refusesRequestsWithoutBearerToken() {
        ArmHttp.Answer answer = arm.send("GET", arm.sub() + "/resourcegroups", null, false);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer authorization_uri=");
    }

    @Test
    void unknownSubscriptionIsNotFound() {
        ArmHttp.Answer answer = arm.get("/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/x");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("SubscriptionNotFound");
    }

    @Test
    void namesCompareWithoutRegardToCase() {
        assertThat(arm.put(arm.group("Dy-Case"), ArmBodies.group("eastus")).status()).isEqualTo(201);
        ArmHttp.Answer answer = arm.get(arm.sub() + "/resourcegroups/DY-CASE");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("name").asString()).isEqualTo("Dy-Case");
        assertThat(arm.send("HEAD", arm.sub() + "/resourceGroups/dy-case", null, true).status()).isEqualTo(204);
        assertThat(arm.send("HEAD", arm.sub() + "/resourceGroups/dy-none", null, true).status()).isEqualTo(404);
    }

    @Test
    void samePutTwiceMakesOneResource() {
        arm.put(arm.group("dy-twice"), ArmBodies.group("eastus"));
        String nsg = arm.group("dy-twice") + "/providers/Microsoft.Network/networkSecurityGroups/nsg";
        ArmHttp.Answer first = arm.put(nsg, ArmBodies.nsg(2376));
        ArmBodies.succeeded(arm, nsg, first);
        ArmHttp.Answer second = arm.put(nsg.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"), ArmBodies.nsg(2376));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(simulator.creates(nsg)).isEqualTo(1);
        assertThat(simulator.writes(nsg)).isEqualTo(2);
    }

    @Test
    void putAnswersWithNonTerminalStateAndAbsoluteAsyncOperationUrl() {
        arm.put(arm.group("dy-lro"), ArmBodies.group("eastus"));
        String nsg = arm.group("dy-lro") + "/providers/Microsoft.Network/networkSecurityGroups/nsg";
        ArmHttp.Answer put = arm.put(nsg, ArmBodies.nsg(2376));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.json().path("properties").path("provisioningState").asString()).isEqualTo("Creating");
        assertThat(put.header("Retry-After")).matches("\\d+");
        String operation = put.header("Azure-AsyncOperation");
        assertThat(operation).startsWith("https://").contains("/providers/Microsoft.Network/locations/eastus/operations/")
                .contains("api-version=2024-10-01");
        await().atMost(Duration.ofSeconds(10)).until(() -> arm.get(operation).json().path("status").asString().equals("Succeeded"));
        JsonNode status = arm.get(operation).json();
        assertThat(status.path("name").asString()).isNotBlank();
        assertThat(status.path("startTime").asString()).isNotBlank();
        JsonNode nsgBody = arm.get(nsg).json();
        assertThat(nsgBody.path("properties").path("provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(nsgBody.path("properties").path("defaultSecurityRules")).hasSize(6);
        assertThat(nsgBody.path("properties").path("securityRules").path(0).path("id").asString()).isEqualTo(nsg + "/securityRules/docker-tls");
    }

    @Test
    void deleteAnswers202WithLocationThatEndsIn204() {
        arm.put(arm.group("dy-delete"), ArmBodies.group("eastus"));
        String nsg = arm.group("dy-delete") + "/providers/Microsoft.Network/networkSecurityGroups/nsg";
        ArmBodies.succeeded(arm, nsg, arm.put(nsg, ArmBodies.nsg(2376)));
        ArmHttp.Answer delete = arm.delete(nsg);
        assertThat(delete.status()).isEqualTo(202);
        assertThat(delete.header("Location")).startsWith("https://");
        assertThat(delete.header("Azure-AsyncOperation")).startsWith("https://");
        await().atMost(Duration.ofSeconds(10)).until(() -> arm.get(delete.header("Location")).status() == 204);
        ArmHttp.Answer gone = arm.get(nsg);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(arm.delete(nsg).status()).isEqualTo(204);
    }

    @Test
    void resourceGroupDeleteNeverAnswers204AndTakesItsResourcesAlong() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-cascade", "dy-cascade", "Standard_B2s");
        ArmHttp.Answer delete = arm.delete(host.group());
        assertThat(delete.status()).isEqualTo(202);
        assertThat(delete.header("Location")).contains("/operationresults/");
        await().atMost(Duration.ofSeconds(10)).until(() -> arm.get(host.group()).status() == 404);
        ArmHttp.Answer vm = arm.get(host.vm());
        assertThat(vm.status()).isEqualTo(404);
        assertThat(vm.errorCode()).isEqualTo("ResourceGroupNotFound");
        assertThat(simulator.creates(host.vm())).isEqualTo(1);
    }

    @Test
    void writesIntoAResourceGroupBeingDeletedAreRefused() {
        SimulatorProperties slow = TestSimulators.fast().withTiming(
                new SimulatorProperties.Timing(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30), 100));
        ArmSimulator deleting = ArmSimulator.start(slow);
        try {
            ArmHttp client = new ArmHttp(deleting);
            client.put(client.group("dy-going"), ArmBodies.group("eastus"));
            assertThat(client.delete(client.group("dy-going")).status()).isEqualTo(202);
            ArmHttp.Answer put = client.put(client.group("dy-going") + "/providers/Microsoft.Network/networkSecurityGroups/n",
                    ArmBodies.nsg(2376));
            assertThat(put.status()).isEqualTo(409);
            assertThat(put.errorCode()).isEqualTo("ResourceGroupBeingDeleted");
        } finally {
            TestSimulators.stop(deleting);
        }
    }

    @Test
    void nicOnAMissingSubnetIsRefusedAndNothingIsStored() {
        arm.put(arm.group("dy-refs"), ArmBodies.group("eastus"));
        String network = arm.group("dy-refs") + "/providers/Microsoft.Network";
        String pip = network + "/publicIPAddresses/ip";
        ArmBodies.succeeded(arm, pip, arm.put(pip, ArmBodies.publicIp("dy-refs")));
        ArmHttp.Answer nic = arm.put(network + "/networkInterfaces/nic", ArmBodies.nic(network + "/virtualNetworks/none/subnets/x", pip));
        assertThat(nic.status()).isEqualTo(400);
        assertThat(nic.errorCode()).isEqualTo("InvalidResourceReference");
        assertThat(nic.json().path("error").path("message").asString()).contains("/virtualNetworks/none/subnets/x");
        assertThat(arm.get(network + "/networkInterfaces/nic").status()).isEqualTo(404);
    }

    @Test
    void unknownRegionsAreRefusedWithArmsCodes() {
        ArmHttp.Answer group = arm.put(arm.group("dy-mars"), ArmBodies.group("marsnorth"));
        assertThat(group.status()).isEqualTo(400);
        assertThat(group.errorCode()).isEqualTo("LocationNotAvailableForResourceGroup");
        arm.put(arm.group("dy-region"), ArmBodies.group("East US"));
        assertThat(arm.get(arm.group("dy-region")).json().path("location").asString()).isEqualTo("eastus");
        ArmHttp.Answer nsg = arm.put(arm.group("dy-region") + "/providers/Microsoft.Network/networkSecurityGroups/n",
                ArmBodies.nsg(2376).replace("eastus", "marsnorth"));
        assertThat(nsg.status()).isEqualTo(400);
        assertThat(nsg.errorCode()).isEqualTo("LocationNotAvailableForResourceType");
        ArmHttp.Answer move = arm.put(arm.group("dy-region"), ArmBodies.group("westeurope"));
        assertThat(move.status()).isEqualTo(409);
        assertThat(move.errorCode()).isEqualTo("InvalidResourceGroupLocation");
    }

    @Test
    void vmSizesAndQuotaAreChecked() {
        ArmSimulator small = ArmSimulator.start(TestSimulators.fast()
                .withCompute(new SimulatorProperties.Compute(6, List.of("eastus/Standard_B1s"))));
        try {
            ArmHttp client = new ArmHttp(small);
            ArmBodies.Host host = ArmBodies.host(client, "dy-sizes", "dy-sizes", "Standard_B2s");
            String other = host.group() + "/providers/Microsoft.Compute/virtualMachines/other";
            ArmHttp.Answer unknown = client.put(other, ArmBodies.vm(host.nic(), "Standard_Imaginary", "dockyard"));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.errorCode()).isEqualTo("InvalidParameter");
            assertThat(unknown.json().path("error").path("target").asString()).isEqualTo("vmSize");
            ArmHttp.Answer unavailable = client.put(other, ArmBodies.vm(host.nic(), "Standard_B1s", "dockyard"));
            assertThat(unavailable.status()).isEqualTo(409);
            assertThat(unavailable.errorCode()).isEqualTo("SkuNotAvailable");
            ArmHttp.Answer resize = client.put(host.vm(), ArmBodies.vm(host.nic(), "Standard_D8s_v5", "dockyard"));
            assertThat(resize.status()).isEqualTo(409);
            assertThat(resize.errorCode()).isEqualTo("OperationNotAllowed");
            assertThat(resize.json().path("error").path("message").asString()).contains("Current Limit: 6, Current Usage: 0");
            ArmHttp.Answer borrowed = client.put(other, ArmBodies.vm(host.nic(), "Standard_B2s", "dockyard"));
            assertThat(borrowed.status()).isEqualTo(409);
            assertThat(borrowed.errorCode()).isEqualTo("NicInUse");
            assertThat(client.get(other).status()).isEqualTo(404);
        } finally {
            TestSimulators.stop(small);
        }
    }

    @Test
    void reservedAdminNamesAndImmutablePropertiesAreRefused() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-admin", "dy-admin", "Standard_B2s");
        ArmHttp.Answer root = arm.put(host.group() + "/providers/Microsoft.Compute/virtualMachines/vm2",
                ArmBodies.vm(host.nic(), "Standard_B2s", "root"));
        assertThat(root.status()).isEqualTo(400);
        assertThat(root.json().path("error").path("target").asString()).isEqualTo("adminUsername");
        ArmHttp.Answer rename = arm.put(host.vm(), ArmBodies.vm(host.nic(), "Standard_B2s", "someoneelse"));
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.errorCode()).isEqualTo("PropertyChangeNotAllowed");
    }

    @Test
    void anOsDiskGrowsOnlyWhileItsVmIsDeallocatedAndNeverShrinks() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-disk", "dy-disk", "Standard_B2s");
        String bigger = ArmBodies.vm(host.nic(), "Standard_B2s", "dockyard").replace("\"diskSizeGB\":64", "\"diskSizeGB\":128");
        ArmHttp.Answer running = arm.put(host.vm(), bigger);
        assertThat(running.status()).isEqualTo(409);
        assertThat(running.errorCode()).isEqualTo("OperationNotAllowed");

        assertThat(arm.post(host.vm() + "/deallocate", "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> arm.get(host.vm() + "/instanceView").text()
                .contains("PowerState/deallocated"));
        ArmBodies.succeeded(arm, host.vm(), arm.put(host.vm(), bigger));
        assertThat(arm.get(host.vm()).json().path("properties").path("storageProfile").path("osDisk")
                .path("diskSizeGB").asInt()).isEqualTo(128);
        assertThat(arm.get(host.vm() + "/instanceView").text()).as("a PUT does not start a deallocated VM")
                .contains("PowerState/deallocated");
        ArmHttp.Answer shrink = arm.put(host.vm(), ArmBodies.vm(host.nic(), "Standard_B2s", "dockyard"));
        assertThat(shrink.status()).isEqualTo(409);
        assertThat(shrink.errorCode()).isEqualTo("ResizeDiskError");
    }

    @Test
    void missingResourceGroupIsResourceGroupNotFound() {
        ArmHttp.Answer answer = arm.get(arm.group("dy-nowhere") + "/providers/Microsoft.Compute/virtualMachines/vm");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void invalidNamesAndApiVersionsAreRefused() {
        arm.put(arm.group("dy-names"), ArmBodies.group("eastus"));
        ArmHttp.Answer vnet = arm.put(arm.group("dy-names") + "/providers/Microsoft.Network/virtualNetworks/-bad-",
                ArmBodies.vnet("x"));
        assertThat(vnet.status()).isEqualTo(400);
        assertThat(vnet.errorCode()).isEqualTo("InvalidResourceName");
        assertThat(arm.put(arm.group("bad!name"), ArmBodies.group("eastus")).errorCode()).isEqualTo("InvalidResourceGroup");
        ArmHttp.Answer version = arm.get(arm.group("dy-names") + "/providers/Microsoft.Network/virtualNetworks/v?api-version=2001-01-01");
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.errorCode()).isEqualTo("NoRegisteredProviderFound");
        ArmHttp.Answer missing = arm.send("GET", "https://" + simulator.armUrl().getAuthority() + arm.group("dy-names"), null, true);
        assertThat(missing.status()).isEqualTo(200);
    }

    @Test
    void protectedSettingsNeverComeBack() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-secret", "dy-secret", "Standard_B2s");
        String extension = host.vm() + "/extensions/unknown";
        ArmHttp.Answer put = arm.put(extension, """
                {"location":"eastus","properties":{"publisher":"Contoso.Test","type":"Nothing","typeHandlerVersion":"1.0",
                "settings":{"visible":true},"protectedSettings":{"password":"hunter2-secret"}}}""");
        assertThat(put.status()).isEqualTo(201);
        ArmBodies.succeeded(arm, extension, put);
        assertThat(put.text()).doesNotContain("hunter2-secret");
        assertThat(arm.get(extension + "?api-version=2025-04-01&$expand=instanceView").text()).doesNotContain("hunter2-secret")
                .contains("visible");
        assertThat(arm.get(host.vm()).text()).doesNotContain("hunter2-secret").contains("\"resources\"");
    }

    @Test
    void resourcesInUseCannotBeDeleted() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-inuse", "dy-inuse", "Standard_B2s");
        assertThat(arm.delete(host.nic()).errorCode()).isEqualTo("NicInUse");
        assertThat(arm.delete(host.publicIp()).errorCode()).isEqualTo("PublicIPAddressCannotBeDeleted");
        assertThat(arm.delete(host.subnet()).errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
        assertThat(arm.delete(host.nsg()).errorCode()).isEqualTo("InUseNetworkSecurityGroupCannotBeDeleted");
    }

    @Test
    void listsPageWithAbsoluteNextLinks() {
        arm.put(arm.group("dy-pages"), ArmBodies.group("eastus"));
        for (int i = 0; i < 5; i++) {
            arm.put(arm.group("dy-pages") + "/providers/Microsoft.Network/networkSecurityGroups/nsg" + i, ArmBodies.nsg(2376));
        }
        String next = arm.group("dy-pages") + "/providers/Microsoft.Network/networkSecurityGroups";
        int seen = 0;
        int pages = 0;
        while (next != null) {
            ArmHttp.Answer page = arm.get(next);
            assertThat(page.status()).isEqualTo(200);
            seen += page.json().path("value").size();
            pages++;
            next = page.json().has("nextLink") ? page.json().path("nextLink").asString() : null;
            if (next != null) {
                assertThat(next).startsWith("https://");
            }
        }
        assertThat(seen).isEqualTo(5);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void instanceViewFollowsPowerStateAndDeallocatedVmsRefuseExtensions() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-power", "dy-power", "Standard_B2s");
        assertThat(arm.get(host.vm() + "/instanceView").text()).contains("PowerState/running");
        simulator.deallocateOutOfBand(host.vm());
        JsonNode view = arm.get(host.vm() + "?api-version=2025-04-01&$expand=instanceView").json();
        assertThat(view.path("properties").path("instanceView").toString()).contains("PowerState/deallocated");
        ArmHttp.Answer extension = arm.put(host.vm() + "/extensions/docker", """
                {"location":"eastus","properties":{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript",
                "typeHandlerVersion":"2.1"}}""");
        assertThat(extension.status()).isEqualTo(409);
        assertThat(extension.errorCode()).isEqualTo("OperationNotAllowed");
        ArmHttp.Answer start = arm.post(host.vm() + "/start", null);
        assertThat(start.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> arm.get(host.vm() + "/instanceView").text().contains("PowerState/running"));
    }

    @Test
    void outOfBandChangesShowInReads() {
        ArmBodies.Host host = ArmBodies.host(arm, "dy-drift", "dy-drift", "Standard_B2s");
        simulator.setSecurityRuleOutOfBand(host.nsg(), """
                {"name":"docker-tls","properties":{"sourceAddressPrefix":"*"}}""");
        assertThat(arm.get(host.nsg()).json().path("properties").path("securityRules").path(0).path("properties")
                .path("sourceAddressPrefix").asString()).isEqualTo("*");
        long writes = simulator.writes(host.nsg());
        simulator.deleteOutOfBand(host.vm());
        assertThat(arm.get(host.vm()).status()).isEqualTo(404);
        assertThat(arm.get(host.nic()).json().path("properties").has("virtualMachine")).isFalse();
        assertThat(simulator.writes(host.nsg())).isEqualTo(writes);
    }

    @Test
    void everyResponseCarriesItsRemainingRequestsHeader() {
        arm.put(arm.group("dy-headers"), ArmBodies.group("eastus"));
        assertThat(arm.get(arm.group("dy-headers")).header("x-ms-ratelimit-remaining-subscription-reads")).matches("\\d+");
        String nsg = arm.group("dy-headers") + "/providers/Microsoft.Network/networkSecurityGroups/n";
        assertThat(arm.put(nsg, ArmBodies.nsg(22)).header("x-ms-ratelimit-remaining-subscription-writes")).matches("\\d+");
        assertThat(arm.delete(nsg).header("x-ms-ratelimit-remaining-subscription-deletes")).matches("\\d+");
        assertThat(arm.get(arm.group("dy-headers")).header("x-ms-request-id")).isNotBlank();
    }

    @Test
    void vmProvisioningTakesTheConfiguredTime() {
        SimulatorProperties slow = TestSimulators.fast().withTiming(
                new SimulatorProperties.Timing(1, Duration.ofMillis(1500), Duration.ZERO, Duration.ZERO, Duration.ZERO, 100));
        ArmSimulator delayed = ArmSimulator.start(slow);
        try {
            ArmHttp client = new ArmHttp(delayed);
            ArmBodies.Host host = ArmBodies.host(client, "dy-slow", "dy-slow", "Standard_B2s");
            String vm2 = host.group() + "/providers/Microsoft.Compute/virtualMachines/vm";
            ArmHttp.Answer resize = client.put(vm2, ArmBodies.vm(host.nic(), "Standard_D2s_v5", "dockyard"));
            long started = System.nanoTime();
            assertThat(resize.status()).isEqualTo(200);
            assertThat(client.get(vm2).json().path("properties").path("provisioningState").asString()).isEqualTo("Updating");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.get(vm2).json().path("properties")
                    .path("provisioningState").asString().equals("Succeeded"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1200));
        } finally {
            TestSimulators.stop(delayed);
        }
    }
}
