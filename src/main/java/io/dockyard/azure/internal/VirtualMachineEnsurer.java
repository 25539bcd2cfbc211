package io.dockyard.azure.internal;

import java.util.List;
import java.util.Optional;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.CachingTypes;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.DiskDeleteOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StatusLevelTypes;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInstanceViewInner;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.PowerState;
import io.dockyard.azure.ResourceState;
import io.dockyard.azure.VirtualMachine;
import io.dockyard.azure.VirtualMachineSpec;

/**
 * The host's VM. One GET with the instance view gives provisioning state, power state and, for a failed VM, the
 * reason. Size and tags are compared, and the OS disk size while the VM is deallocated (the only time Azure grows
 * it; the reconciler deallocates the VM for that): image, admin user and keys cannot change after creation (the
 * hosts API refuses such changes), and the NIC and its disk go with the VM on delete.
 */
final class VirtualMachineEnsurer {

    private final VirtualMachinesClient machines;
    private final String subscription;

    VirtualMachineEnsurer(AzureClients clients) {
        this.machines = clients.compute().serviceClient().getVirtualMachines();
        this.subscription = clients.subscriptionId();
    }

    VirtualMachine ensure(VirtualMachineSpec spec, FailedResources failed) {
        Optional<VirtualMachineInner> observed = observe(spec.resourceGroup(), spec.name());
        Optional<Ensured> settled = observed.flatMap(current -> Comparison.settled(current.id(), spec.owner(),
                current.tags(), ResourceState.of(current.provisioningState()), matches(current, spec), failed,
                failure(current.instanceView())));
        if (settled.isPresent()) {
            return view(settled.get(), observed.get());
        }
        // A running VM keeps its disk size in the write: Azure grows an OS disk only while the VM is deallocated.
        int diskSize = observed.filter(vm -> powerState(vm.instanceView()) != PowerState.DEALLOCATED)
                .map(VirtualMachineEnsurer::diskSize).filter(size -> size > 0).orElse(spec.osDiskSizeGb());
        machines.beginCreateOrUpdate(spec.resourceGroup(), spec.name(), desired(spec, diskSize), null, null, Context.NONE);
        return new VirtualMachine(Comparison.written(Ids.of(subscription, spec.resourceGroup(),
                "Microsoft.Compute/virtualMachines", spec.name())), observed.map(VirtualMachineInner::vmId).orElse(null),
                spec.size(), observed.map(vm -> powerState(vm.instanceView())).orElse(PowerState.UNKNOWN), diskSize);
    }

    void deallocate(String resourceGroup, String name) {
        machines.beginDeallocate(resourceGroup, name, null, Context.NONE);
    }

    void start(String resourceGroup, String name) {
        machines.beginStart(resourceGroup, name, Context.NONE);
    }

    private static int diskSize(VirtualMachineInner vm) {
        return vm.storageProfile() == null || vm.storageProfile().osDisk() == null
                || vm.storageProfile().osDisk().diskSizeGB() == null ? 0 : vm.storageProfile().osDisk().diskSizeGB();
    }

    Optional<VirtualMachine> get(String resourceGroup, String name) {
        return observe(resourceGroup, name).map(vm -> view(new Ensured(vm.id(), ResourceState.of(vm.provisioningState()),
                false, failure(vm.instanceView())), vm));
    }

    private Optional<VirtualMachineInner> observe(String resourceGroup, String name) {
        return Observe.get(() -> machines.getByResourceGroupWithResponse(resourceGroup, name,
                InstanceViewTypes.INSTANCE_VIEW, Context.NONE));
    }

    private static VirtualMachine view(Ensured ensured, VirtualMachineInner vm) {
        String size = vm.hardwareProfile() == null || vm.hardwareProfile().vmSize() == null ? null
                : vm.hardwareProfile().vmSize().toString();
        return new VirtualMachine(ensured, vm.vmId(), size, powerState(vm.instanceView()), diskSize(vm));
    }

    private static VirtualMachineInner desired(VirtualMachineSpec spec, int diskSize) {
        String home = "/home/" + spec.adminUsername() + "/.ssh/authorized_keys";
        List<SshPublicKey> keys = spec.sshPublicKeys().stream()
                .map(key -> new SshPublicKey().withPath(home).withKeyData(key)).toList();
        VirtualMachineInner vm = new VirtualMachineInner()
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(spec.size())))
                .withStorageProfile(new StorageProfile()
                        .withImageReference(new com.azure.resourcemanager.compute.models.ImageReference()
                                .withPublisher(spec.image().publisher()).withOffer(spec.image().offer())
                                .withSku(spec.image().sku()).withVersion(spec.image().version()))
                        .withOsDisk(new OSDisk().withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                .withCaching(CachingTypes.READ_WRITE).withDiskSizeGB(diskSize)
                                .withDeleteOption(DiskDeleteOptionTypes.DELETE)
                                .withManagedDisk(new ManagedDiskParameters()
                                        .withStorageAccountType(StorageAccountTypes.STANDARD_SSD_LRS))))
                .withOsProfile(new OSProfile().withComputerName(spec.name()).withAdminUsername(spec.adminUsername())
                        .withLinuxConfiguration(new LinuxConfiguration().withDisablePasswordAuthentication(true)
                                .withProvisionVMAgent(true).withSsh(new SshConfiguration().withPublicKeys(keys))))
                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(new NetworkInterfaceReference()
                        .withId(spec.networkInterfaceId()).withPrimary(true).withDeleteOption(DeleteOptions.DELETE))));
        vm.withLocation(spec.location()).withTags(spec.owner().tags());
        return vm;
    }

    private static boolean matches(VirtualMachineInner current, VirtualMachineSpec spec) {
        boolean diskSettled = powerState(current.instanceView()) != PowerState.DEALLOCATED
                || diskSize(current) >= spec.osDiskSizeGb();
        return current.hardwareProfile() != null && current.hardwareProfile().vmSize() != null
                && current.hardwareProfile().vmSize().toString().equalsIgnoreCase(spec.size())
                && diskSettled && Observe.sameTags(spec.owner(), current.tags());
    }

    static PowerState powerState(VirtualMachineInstanceViewInner view) {
        if (view == null || view.statuses() == null) {
            return PowerState.UNKNOWN;
        }
        return view.statuses().stream().map(InstanceViewStatus::code).filter(c -> c != null && c.startsWith("PowerState/"))
                .map(PowerState::fromCode).findFirst().orElse(PowerState.UNKNOWN);
    }

    /** Azure puts a failed provisioning's reason in the instance view: {@code ProvisioningState/failed/<Code>}. */
    static AzureError failure(VirtualMachineInstanceViewInner view) {
        if (view == null || view.statuses() == null) {
            return null;
        }
        for (InstanceViewStatus status : view.statuses()) {
            if (status.code() != null && status.code().startsWith("ProvisioningState/failed")
                    || StatusLevelTypes.ERROR.equals(status.level())) {
                String[] parts = String.valueOf(status.code()).split("/");
                String code = parts.length > 2 ? parts[2] : "ProvisioningFailed";
                return new AzureError(AzureErrorKind.TERMINAL, 0, code,
                        status.message() != null ? status.message() : status.displayStatus(), null);
            }
        }
        return null;
    }
}
