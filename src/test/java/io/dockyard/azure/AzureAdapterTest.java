package io.dockyard.azure;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dockyard.simulator.ArmBodies;
import io.dockyard.simulator.ArmHttp;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.simulator.Fault;
import io.dockyard.simulator.SimulatorProperties;
import io.dockyard.simulator.TestSimulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The adapter against the simulator through the real SDK: observe-compare-act makes each resource once and then
 * writes nothing while nothing changed, a change is one update, and the simulator's write counts prove it.
 */
class AzureAdapterTest {

    private static ArmSimulator simulator;
    private static AzureResources azure;
    private static ArmHttp arm;

    @BeforeAll
    static void start() {
        simulator = ArmSimulator.start(TestSimulators.fast().withCompute(
                new SimulatorProperties.Compute(1000, List.of("Standard_B1s"))));
        azure = connect(simulator, Duration.ofSeconds(20));
        arm = new ArmHttp(simulator);
    }

    static AzureResources connect(ArmSimulator simulator, Duration timeout) {
        return Azure.connect(new AzureConnection(simulator.armUrl(), simulator.subscriptionId(), simulator.tenantId(),
                simulator.caCertificate()), Azure.defaultBudget(), timeout);
    }

    @AfterEach
    void clearFaults() {
        simulator.clearFaults();
    }

    @AfterAll
    static void stop() {
        TestSimulators.stop(simulator);
    }

    /** Calls an ensure until Azure reports the resource Succeeded, as the reconciler's passes would. */
    static <T> T settle(Supplier<T> ensure, java.util.function.Function<T, Ensured> ensured) {
        T[] last = newArray();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = ensure.get();
            return ensured.apply(last[0]).ready();
        });
        return last[0];
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] newArray() {
        return (T[]) new Object[1];
    }

    private static HostResources build(String hostId) {
        HostResources host = HostResources.of(hostId, simulator.subscriptionId());
        settle(() -> azure.ensureResourceGroup(host.resourceGroup()), e -> e);
        settle(() -> azure.ensureSecurityGroup(host.securityGroup(List.of("10.0.0.0/8")), FailedResources.REPORT), e -> e);
        settle(() -> azure.ensureNetwork(host.network(), FailedResources.REPORT), e -> e);
        settle(() -> azure.ensurePublicIp(host.publicIp(), FailedResources.REPORT), PublicIp::ensured);
        settle(() -> azure.ensureNetworkInterface(host.networkInterface(), FailedResources.REPORT), NetworkInterface::ensured);
        settle(() -> azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.REPORT), VirtualMachine::ensured);
        return host;
    }

    @Test
    void eachEnsureCreatesOnceAndThenWritesNothingWhileNothingChanged() {
        HostResources host = build("h1");
        Ensured extension = settle(() -> azure.ensureExtension(host.extension("tag-1"), FailedResources.REPORT), e -> e);
        List<String> ids = List.of(host.id("Microsoft.Network/networkSecurityGroups", "nsg"),
                host.id("Microsoft.Network/virtualNetworks", "vnet"), host.id("Microsoft.Network/publicIPAddresses", "ip"),
                host.id("Microsoft.Network/networkInterfaces", "nic"), host.id("Microsoft.Compute/virtualMachines", "vm"),
                extension.id());
        List<Long> writes = ids.stream().map(simulator::writes).toList();
        assertThat(writes).allMatch(count -> count == 1);

        assertThat(azure.ensureResourceGroup(host.resourceGroup()).wrote()).isFalse();
        assertThat(azure.ensureSecurityGroup(host.securityGroup(List.of("10.0.0.0/8")), FailedResources.REPORT).wrote()).isFalse();
        assertThat(azure.ensureNetwork(host.network(), FailedResources.REPORT).wrote()).isFalse();
        PublicIp ip = azure.ensurePublicIp(host.publicIp(), FailedResources.REPORT);
        assertThat(ip.ensured().wrote()).isFalse();
        assertThat(ip.fqdn()).isEqualTo("dy-h1.eastus.cloudapp.azure.com");
        assertThat(ip.ipAddress()).startsWith("127.");
        NetworkInterface nic = azure.ensureNetworkInterface(host.networkInterface(), FailedResources.REPORT);
        assertThat(nic.ensured().wrote()).isFalse();
        assertThat(nic.privateIp()).isEqualTo("10.0.0.4");
        VirtualMachine vm = azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.REPORT);
        assertThat(vm.ensured().wrote()).isFalse();
        assertThat(vm.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(vm.vmId()).isNotBlank();
        assertThat(azure.ensureExtension(host.extension("tag-1"), FailedResources.REPORT).wrote()).isFalse();
        ExtensionState observed = azure.extension(host.group(), "vm", "dockyard-docker").orElseThrow();
        assertThat(observed.forceUpdateTag()).isEqualTo("tag-1");
        assertThat(observed.ensured().state()).isEqualTo(ResourceState.SUCCEEDED);
        assertThat(azure.extension(host.group(), "vm", "none")).isEmpty();
        assertThat(ids.stream().map(simulator::writes).toList()).isEqualTo(writes);
        assertThat(simulator.creates(host.id("Microsoft.Compute/virtualMachines", "vm"))).isEqualTo(1);
    }

    @Test
    void aChangedSourceRangeOrSizeIsOneUpdate() {
        HostResources host = build("h2");
        String nsg = host.id("Microsoft.Network/networkSecurityGroups", "nsg");
        String vmId = host.id("Microsoft.Compute/virtualMachines", "vm");
        long before = simulator.writes(nsg);
        Ensured changed = azure.ensureSecurityGroup(host.securityGroup(List.of("10.0.0.0/8", "192.168.0.0/16")),
                FailedResources.REPORT);
        assertThat(changed.wrote()).isTrue();
        settle(() -> azure.ensureSecurityGroup(host.securityGroup(List.of("192.168.0.0/16", "10.0.0.0/8")),
                FailedResources.REPORT), e -> e);
        assertThat(simulator.writes(nsg)).isEqualTo(before + 1);

        long vmWrites = simulator.writes(vmId);
        VirtualMachine resized = settle(() -> azure.ensureVirtualMachine(host.virtualMachine("Standard_D2s_v5"),
                FailedResources.REPORT), VirtualMachine::ensured);
        assertThat(resized.size()).isEqualTo("Standard_D2s_v5");
        assertThat(simulator.writes(vmId)).isEqualTo(vmWrites + 1);
        assertThat(simulator.creates(vmId)).isEqualTo(1);
    }

    @Test
    void driftIsRestoredByTheNextEnsure() {
        HostResources host = build("h3");
        simulator.setSecurityRuleOutOfBand(host.securityGroupId(), "{\"name\":\"docker-tls\",\"properties\":{\"sourceAddressPrefixes\":[\"0.0.0.0/0\"]}}");
        Ensured restored = azure.ensureSecurityGroup(host.securityGroup(List.of("10.0.0.0/8")), FailedResources.REPORT);
        assertThat(restored.wrote()).isTrue();
        simulator.deleteOutOfBand(host.id("Microsoft.Compute/virtualMachines", "vm"));
        assertThat(azure.virtualMachine(host.group(), "vm")).isEmpty();
        VirtualMachine recreated = settle(() -> azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"),
                FailedResources.REPORT), VirtualMachine::ensured);
        assertThat(recreated.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(simulator.creates(host.id("Microsoft.Compute/virtualMachines", "vm"))).isEqualTo(2);
    }

    @Test
    void listingsByTagAndPowerStateSeeTheHost() {
        HostResources host = build("h4");
        List<ManagedResource> managed = azure.managedResources().stream().filter(r -> "h4".equals(r.hostId())).toList();
        assertThat(managed).extracting(ManagedResource::name).containsExactlyInAnyOrder("nsg", "vnet", "ip", "nic", "vm");
        assertThat(managed).allSatisfy(r -> {
            assertThat(r.resourceGroup()).isEqualToIgnoringCase(host.group());
            assertThat(r.tags()).containsEntry("dockyard-team", "team-a").containsEntry("cost-center", "42");
        });
        simulator.deallocateOutOfBand(host.id("Microsoft.Compute/virtualMachines", "vm"));
        assertThat(azure.virtualMachinePowerStates()).filteredOn(p -> "h4".equals(p.hostId())).singleElement()
                .satisfies(p -> assertThat(p.powerState()).isEqualTo(PowerState.DEALLOCATED));
    }

    @Test
    void deletingTheResourceGroupLeavesNothing() {
        HostResources host = build("h5");
        assertThat(azure.deleteResourceGroup(host.group(), "h5")).isEqualTo(Deletion.IN_PROGRESS);
        await().atMost(Duration.ofSeconds(20)).until(() -> azure.deleteResourceGroup(host.group(), "h5") == Deletion.GONE);
        assertThat(azure.managedResources()).noneMatch(r -> "h5".equals(r.hostId()));
        assertThat(arm.get(host.id("Microsoft.Compute/virtualMachines", "vm")).status()).isEqualTo(404);
    }

    @Test
    void aResourceWithOurNameButNotOurTagsIsNeverAdopted() {
        HostResources host = HostResources.of("h6", simulator.subscriptionId());
        arm.put(arm.group(host.group()), "{\"location\":\"eastus\",\"tags\":{\"owner\":\"someone-else\"}}");
        long writes = simulator.writes(arm.group(host.group()));
        assertThatThrownBy(() -> azure.ensureResourceGroup(host.resourceGroup()))
                .isInstanceOfSatisfying(AzureException.class, e -> {
                    assertThat(e.error().kind()).isEqualTo(AzureErrorKind.TERMINAL);
                    assertThat(e.error().code()).isEqualTo("ResourceNotOwned");
                });
        assertThatThrownBy(() -> azure.deleteResourceGroup(host.group(), "h6")).isInstanceOf(AzureException.class);
        assertThat(simulator.writes(arm.group(host.group()))).isEqualTo(writes);
        assertThat(arm.get(arm.group(host.group())).status()).isEqualTo(200);
    }

    @Test
    void aFailedVmIsReportedWithAzuresReasonAndRetriedOnlyWhenAsked() {
        HostResources host = HostResources.of("h7", simulator.subscriptionId());
        build("h7");
        simulator.deleteOutOfBand(host.id("Microsoft.Compute/virtualMachines", "vm"));
        simulator.addFault(Fault.failOperation("Microsoft.Compute/virtualMachines", "PUT", "AllocationFailed",
                "Allocation failed. We do not have sufficient capacity for the requested VM size in this region."));
        assertThat(azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.REPORT).ensured().wrote()).isTrue();
        simulator.clearFaults();
        VirtualMachine failed = await().atMost(Duration.ofSeconds(10)).until(
                () -> azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.REPORT),
                vm -> vm.ensured().state() == ResourceState.FAILED);
        assertThat(failed.ensured().wrote()).isFalse();
        assertThat(failed.ensured().failure().code()).isEqualTo("AllocationFailed");
        assertThat(failed.ensured().failure().message()).contains("sufficient capacity");
        assertThat(azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.REPORT).ensured().wrote()).isFalse();
        assertThat(azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.RETRY).ensured().wrote()).isTrue();
        settle(() -> azure.ensureVirtualMachine(host.virtualMachine("Standard_B2s"), FailedResources.REPORT), VirtualMachine::ensured);
    }

    @Test
    void protectedSettingsNeverLeaveThroughToString() {
        HostResources host = HostResources.of("h8", simulator.subscriptionId());
        assertThat(host.extension("t").toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void injectedErrorsComeOutAsTheRightKindWithAzuresCode() {
        HostResources host = HostResources.of("h9", simulator.subscriptionId());
        settle(() -> azure.ensureResourceGroup(host.resourceGroup()), e -> e);
        String groups = "Microsoft.Resources/resourceGroups";
        assertError(Fault.error(groups, "GET", 429, "TooManyRequests"), () -> azure.ensureResourceGroup(host.resourceGroup()),
                AzureErrorKind.TRANSIENT, "TooManyRequests", 429);
        assertError(Fault.error(groups, "GET", 500, "InternalServerError"), () -> azure.ensureResourceGroup(host.resourceGroup()),
                AzureErrorKind.TRANSIENT, "InternalServerError", 500);
        assertError(Fault.error(groups, "GET", 503, "ServiceUnavailable"), () -> azure.ensureResourceGroup(host.resourceGroup()),
                AzureErrorKind.TRANSIENT, "ServiceUnavailable", 503);
        assertError(Fault.error("Microsoft.Network/networkSecurityGroups", "PUT", 400, "InvalidParameter"),
                () -> azure.ensureSecurityGroup(host.securityGroup(List.of("10.0.0.0/8")), FailedResources.REPORT),
                AzureErrorKind.TERMINAL, "InvalidParameter", 400);
        assertError(Fault.error("Microsoft.Network/networkSecurityGroups", "PUT", 409, "AnotherOperationInProgress"),
                () -> azure.ensureSecurityGroup(host.securityGroup(List.of("10.0.0.0/8")), FailedResources.REPORT),
                AzureErrorKind.IN_PROGRESS, "AnotherOperationInProgress", 409);
        AzureException throttled = catchAzure(() -> {
            simulator.addFault(Fault.error(groups, "GET", 429, "TooManyRequests"));
            azure.ensureResourceGroup(host.resourceGroup());
        });
        assertThat(throttled.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void quotaAndUnavailableSizesAreTerminalWithTheirCodes() {
        HostResources host = build("h10");
        AzureException sku = catchAzure(() -> azure.ensureVirtualMachine(host.virtualMachine("Standard_B1s"), FailedResources.REPORT));
        assertThat(sku.error().kind()).isEqualTo(AzureErrorKind.TERMINAL);
        assertThat(sku.error().code()).isEqualTo("SkuNotAvailable");
        ArmSimulator small = ArmSimulator.start(TestSimulators.fast().withCompute(new SimulatorProperties.Compute(1, List.of())));
        try {
            AzureResources other = connect(small, Duration.ofSeconds(20));
            ArmBodies.Host prepared = ArmBodies.host(new ArmHttp(small), "dockyard-q", "dy-q", "Standard_B1s");
            AzureException quota = catchAzure(() -> other.ensureVirtualMachine(new VirtualMachineSpec("dockyard-q", "vm2",
                    "eastus", new Ownership("q", "team-a", null), "Standard_B2s",
                    new ImageReference("Canonical", "ubuntu-24_04-lts", "server", "latest"), 64, "dockyard",
                    List.of(io.dockyard.support.SshKeys.ed25519()), prepared.nic()), FailedResources.REPORT));
            assertThat(quota.error().kind()).isEqualTo(AzureErrorKind.TERMINAL);
            assertThat(quota.error().code()).isEqualTo("OperationNotAllowed");
            assertThat(quota.error().message()).contains("Current Limit: 1");
        } finally {
            TestSimulators.stop(small);
        }
    }

    @Test
    void aHungCallIsTransient() {
        AzureResources impatient = connect(simulator, Duration.ofMillis(700));
        simulator.addFault(Fault.hang("Microsoft.Resources/resourceGroups", "GET"));
        AzureException hung = catchAzure(() -> impatient.ensureResourceGroup(HostResources.of("h11", simulator.subscriptionId())
                .resourceGroup()));
        assertThat(hung.error().kind()).isEqualTo(AzureErrorKind.TRANSIENT);
        assertThat(hung.error().code()).isEqualTo("ConnectionFailed");
    }

    private static void assertError(Fault fault, Runnable call, AzureErrorKind kind, String code, int status) {
        simulator.clearFaults();
        simulator.addFault(fault);
        AzureException e = catchAzure(call);
        assertThat(e.error().kind()).as(e.getMessage()).isEqualTo(kind);
        assertThat(e.error().code()).isEqualTo(code);
        assertThat(e.error().status()).isEqualTo(status);
        simulator.clearFaults();
    }

    private static AzureException catchAzure(Runnable call) {
        try {
            call.run();
        } catch (AzureException e) {
            return e;
        }
        throw new AssertionError("expected an AzureException");
    }
}
