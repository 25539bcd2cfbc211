package io.dockyard.azure.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.dockyard.azure.AzureResources;
import io.dockyard.azure.Deletion;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ExtensionSpec;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.ManagedResource;
import io.dockyard.azure.NetworkInterface;
import io.dockyard.azure.NetworkInterfaceSpec;
import io.dockyard.azure.NetworkSpec;
import io.dockyard.azure.PublicIp;
import io.dockyard.azure.PublicIpSpec;
import io.dockyard.azure.ResourceGroupSpec;
import io.dockyard.azure.SecurityGroupSpec;
import io.dockyard.azure.VirtualMachine;
import io.dockyard.azure.VirtualMachineSpec;
import io.dockyard.azure.VmPower;

/**
 * {@link AzureResources} on the Azure SDK's generated clients: one ensurer per resource type, and every failure
 * classified once, here, so callers only ever see {@link io.dockyard.azure.AzureException}.
 */
final class ArmAdapter implements AzureResources {

    private final String subscriptionId;
    private final GroupEnsurer groups;
    private final SecurityGroupEnsurer securityGroups;
    private final NetworkEnsurer networks;
    private final PublicIpEnsurer publicIps;
    private final NetworkInterfaceEnsurer interfaces;
    private final VirtualMachineEnsurer machines;
    private final ExtensionEnsurer extensions;
    private final Inventory inventory;

    ArmAdapter(AzureClients clients) {
        this.subscriptionId = clients.subscriptionId();
        this.groups = new GroupEnsurer(clients);
        this.securityGroups = new SecurityGroupEnsurer(clients);
        this.networks = new NetworkEnsurer(clients);
        this.publicIps = new PublicIpEnsurer(clients);
        this.interfaces = new NetworkInterfaceEnsurer(clients);
        this.machines = new VirtualMachineEnsurer(clients);
        this.extensions = new ExtensionEnsurer(clients);
        this.inventory = new Inventory(clients);
    }

    @Override
    public String subscriptionId() {
        return subscriptionId;
    }

    @Override
    public void verifyAccess() {
        call(() -> {
            groups.firstPage();
            return null;
        });
    }

    @Override
    public Ensured ensureResourceGroup(ResourceGroupSpec spec) {
        return call(() -> groups.ensure(spec));
    }

    @Override
    public Ensured createResourceGroup(ResourceGroupSpec spec) {
        return call(() -> groups.write(spec));
    }

    @Override
    public Ensured createSecurityGroup(SecurityGroupSpec spec) {
        return call(() -> securityGroups.write(spec));
    }

    @Override
    public Ensured createNetwork(NetworkSpec spec) {
        return call(() -> networks.write(spec));
    }

    @Override
    public PublicIp createPublicIp(PublicIpSpec spec) {
        return call(() -> publicIps.write(spec));
    }

    @Override
    public Ensured ensureSecurityGroup(SecurityGroupSpec spec, FailedResources failed) {
        return call(() -> securityGroups.ensure(spec, failed));
    }

    @Override
    public Ensured ensureNetwork(NetworkSpec spec, FailedResources failed) {
        return call(() -> networks.ensure(spec, failed));
    }

    @Override
    public PublicIp ensurePublicIp(PublicIpSpec spec, FailedResources failed) {
        return call(() -> publicIps.ensure(spec, failed));
    }

    @Override
    public NetworkInterface ensureNetworkInterface(NetworkInterfaceSpec spec, FailedResources failed) {
        return call(() -> interfaces.ensure(spec, failed));
    }

    @Override
    public VirtualMachine ensureVirtualMachine(VirtualMachineSpec spec, FailedResources failed) {
        return call(() -> machines.ensure(spec, failed));
    }

    @Override
    public Ensured ensureExtension(ExtensionSpec spec, FailedResources failed) {
        return call(() -> extensions.ensure(spec, failed));
    }

    @Override
    public void deallocateVirtualMachine(String resourceGroup, String name) {
        call(() -> {
            machines.deallocate(resourceGroup, name);
            return null;
        });
    }

    @Override
    public void startVirtualMachine(String resourceGroup, String name) {
        call(() -> {
            machines.start(resourceGroup, name);
            return null;
        });
    }

    @Override
    public Optional<VirtualMachine> virtualMachine(String resourceGroup, String name) {
        return call(() -> machines.get(resourceGroup, name));
    }

    @Override
    public Optional<io.dockyard.azure.ExtensionState> extension(String resourceGroup, String vmName, String name) {
        return call(() -> extensions.get(resourceGroup, vmName, name));
    }

    @Override
    public Deletion deleteResourceGroup(String name, String hostId) {
        return call(() -> groups.delete(name, hostId));
    }

    @Override
    public List<ManagedResource> managedResources() {
        return call(inventory::managed);
    }

    @Override
    public List<VmPower> virtualMachinePowerStates() {
        return call(inventory::powerStates);
    }

    @Override
    public Set<String> securityGroupsOutOfSpec(List<SecurityGroupSpec> expected) {
        return call(() -> inventory.securityGroupsOutOfSpec(expected));
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw ErrorClassifier.classify(e);
        }
    }
}
