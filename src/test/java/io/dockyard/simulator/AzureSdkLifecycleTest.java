package io.dockyard.simulator;

import java.util.List;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.models.PowerState;
import com.azure.resourcemanager.compute.models.VirtualMachine;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.network.models.Network;
import com.azure.resourcemanager.network.models.NetworkInterface;
import com.azure.resourcemanager.network.models.NetworkSecurityGroup;
import com.azure.resourcemanager.network.models.PublicIPSkuType;
import com.azure.resourcemanager.network.models.PublicIpAddress;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dockyard.support.SshKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unmodified Azure SDK drives a host's whole resource set through the simulator — the fluent layer, which
 * dereferences many response fields, and its long-running-operation poller — and gets nothing it does not expect.
 */
class AzureSdkLifecycleTest {

    private static ArmSimulator simulator;
    private static SdkClients azure;

    @BeforeAll
    static void start() {
        simulator = TestSimulators.start();
        azure = SdkClients.of(simulator);
    }

    @AfterAll
    static void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void buildsListsResizesAndDeletesAHostsResources() {
        ResourceGroup group = azure.resources().resourceGroups().define("dy-lifecycle").withRegion(Region.US_EAST)
                .withTag("managed-by", "dockyard").create();
        assertThat(group.provisioningState()).isEqualTo("Succeeded");
        assertThat(azure.resources().resourceGroups().contain("DY-LIFECYCLE")).isTrue();

        NetworkSecurityGroup nsg = azure.network().networkSecurityGroups().define("dy-nsg").withRegion(Region.US_EAST)
                .withExistingResourceGroup(group).defineRule("docker-tls").allowInbound().fromAddress("10.0.0.0/8")
                .fromAnyPort().toAnyAddress().toPort(2376).withProtocol(SecurityRuleProtocol.TCP).withPriority(100).attach()
                .withTag("managed-by", "dockyard").create();
        assertThat(nsg.securityRules()).containsKey("docker-tls");
        assertThat(nsg.defaultSecurityRules()).hasSize(6);

        Network vnet = azure.network().networks().define("dy-vnet").withRegion(Region.US_EAST).withExistingResourceGroup(group)
                .withAddressSpace("10.1.0.0/16").defineSubnet("hosts").withAddressPrefix("10.1.0.0/24")
                .withExistingNetworkSecurityGroup(nsg).attach().create();
        assertThat(vnet.subnets()).containsKey("hosts");

        PublicIpAddress ip = azure.network().publicIpAddresses().define("dy-ip").withRegion(Region.US_EAST)
                .withExistingResourceGroup(group).withStaticIP().withSku(PublicIPSkuType.STANDARD)
                .withLeafDomainLabel("dy-lifecycle-host").create();
        assertThat(ip.fqdn()).isEqualTo("dy-lifecycle-host.eastus.cloudapp.azure.com");
        assertThat(ip.ipAddress()).startsWith("127.");

        NetworkInterface nic = azure.network().networkInterfaces().define("dy-nic").withRegion(Region.US_EAST)
                .withExistingResourceGroup(group).withExistingPrimaryNetwork(vnet).withSubnet("hosts")
                .withPrimaryPrivateIPAddressDynamic().withExistingPrimaryPublicIPAddress(ip)
                .withExistingNetworkSecurityGroup(nsg).create();
        assertThat(nic.primaryPrivateIP()).isEqualTo("10.1.0.4");

        VirtualMachine vm = azure.compute().virtualMachines().define("dy-vm").withRegion(Region.US_EAST)
                .withExistingResourceGroup(group).withExistingPrimaryNetworkInterface(nic)
                .withLatestLinuxImage("Canonical", "ubuntu-24_04-lts", "server").withRootUsername("dockyard")
                .withSsh(SshKeys.ed25519()).withSize(VirtualMachineSizeTypes.fromString("Standard_B2s"))
                .withOSDiskSizeInGB(64).withTag("managed-by", "dockyard").create();
        assertThat(vm.provisioningState()).isEqualTo("Succeeded");
        assertThat(vm.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(vm.osDiskSize()).isEqualTo(64);
        assertThat(vm.getPrimaryPublicIPAddress().ipAddress()).isEqualTo(ip.ipAddress());
        assertThat(azure.network().networkInterfaces().getById(nic.id()).virtualMachineId()).isEqualToIgnoringCase(vm.id());

        List<VirtualMachine> vms = azure.compute().virtualMachines().listByResourceGroup("dy-lifecycle").stream().toList();
        assertThat(vms).extracting(VirtualMachine::name).containsExactly("dy-vm");
        List<GenericResource> tagged = azure.resources().genericResources().listByTag("dy-lifecycle", "managed-by", "dockyard")
                .stream().toList();
        assertThat(tagged).extracting(GenericResource::name).containsExactlyInAnyOrder("dy-nsg", "dy-vm");

        vm.update().withSize(VirtualMachineSizeTypes.fromString("Standard_D2s_v5")).apply();
        assertThat(azure.compute().virtualMachines().getById(vm.id()).size().toString()).isEqualTo("Standard_D2s_v5");
        assertThat(simulator.creates(vm.id())).isEqualTo(1);

        azure.resources().resourceGroups().deleteByName("dy-lifecycle");
        assertThat(azure.resources().resourceGroups().contain("dy-lifecycle")).isFalse();
        assertThat(simulator.engines()).isEmpty();
    }
}
