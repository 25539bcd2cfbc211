package io.dockyard.azure;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's view of Azure Resource Manager. Every {@code ensure} observes the resource, compares it with
 * the spec and writes only when they differ; a write starts Azure's operation and returns at once with
 * {@link ResourceState#IN_PROGRESS} — the next ensure observes how it went. A resource with the expected name that
 * does not carry the host's id tag is reported as a terminal {@code ResourceNotOwned} error, never adopted.
 * Every failure is an {@link AzureException} whose {@link AzureError} says transient, in progress or terminal;
 * this adapter does not retry — the reconciler does, honouring Retry-After.
 */
public interface AzureResources {

    String subscriptionId();

    /**
     * Reads one page of the subscription's resource groups: proves in one call that the credential works, the
     * subscription exists and Dockyard may read it. Throws {@link AzureException} with Azure's code otherwise.
     */
    void verifyAccess();

    Ensured ensureResourceGroup(ResourceGroupSpec spec);

    Ensured ensureSecurityGroup(SecurityGroupSpec spec, FailedResources failed);

    Ensured ensureNetwork(NetworkSpec spec, FailedResources failed);

    PublicIp ensurePublicIp(PublicIpSpec spec, FailedResources failed);

    NetworkInterface ensureNetworkInterface(NetworkInterfaceSpec spec, FailedResources failed);

    /*
     * The first write of a resource the host has never had: a PUT without reading first. A fresh host's ensures would
     * otherwise begin with a read that can only answer 404 — a quarter of a batch's ARM requests. A PUT is
     * idempotent, so a resource that a pass killed before recording it did write is simply written again. Only for
     * resources whose repeated PUT Azure accepts while they are still being provisioned (not VMs or extensions).
     */

    Ensured createResourceGroup(ResourceGroupSpec spec);

    Ensured createSecurityGroup(SecurityGroupSpec spec);

    Ensured createNetwork(NetworkSpec spec);

    PublicIp createPublicIp(PublicIpSpec spec);

    /**
     * A larger OS disk in the spec is written only while the VM is deallocated (Azure refuses it otherwise); the
     * caller deallocates the VM, ensures, and starts it again.
     */
    VirtualMachine ensureVirtualMachine(VirtualMachineSpec spec, FailedResources failed);

    Ensured ensureExtension(ExtensionSpec spec, FailedResources failed);

    /** Starts deallocating the VM (it keeps its disks); the power state tells when it is done. */
    void deallocateVirtualMachine(String resourceGroup, String name);

    /** Starts the VM; the power state tells when it runs. */
    void startVirtualMachine(String resourceGroup, String name);

    /** The VM as Azure reports it now, with its power state; empty when it does not exist. */
    Optional<VirtualMachine> virtualMachine(String resourceGroup, String name);

    /** The extension as Azure reports it now (state, failure, forceUpdateTag); empty when it does not exist. */
    Optional<ExtensionState> extension(String resourceGroup, String vmName, String name);

    /** Starts deleting the host's resource group (only if it is the host's) or confirms it is gone. */
    Deletion deleteResourceGroup(String name, String hostId);

    /** Every resource tagged {@code managed-by=dockyard} in the subscription, in one paged call. */
    List<ManagedResource> managedResources();

    /** Power and provisioning state of every VM in the subscription, in one paged call. */
    List<VmPower> virtualMachinePowerStates();

    /**
     * Of the given NSGs, those that exist but whose rules or tags no longer match their spec, by lower-case resource
     * id — from one paged listing of every NSG in the subscription, so a drift check costs the same for any number
     * of hosts. A missing NSG is not in the answer ({@link #managedResources} tells that).
     */
    Set<String> securityGroupsOutOfSpec(List<SecurityGroupSpec> expected);

    /** The subnet id of a network ensured with {@link #ensureNetwork}. */
    default String subnetId(NetworkSpec spec) {
        return "/subscriptions/" + subscriptionId() + "/resourceGroups/" + spec.resourceGroup()
                + "/providers/Microsoft.Network/virtualNetworks/" + spec.name() + "/subnets/" + spec.subnetName();
    }
}
