package io.dockyard.reconciler.internal;

import io.dockyard.azure.AzureResources;
import io.dockyard.azure.ImageReference;
import io.dockyard.azure.PowerState;
import io.dockyard.azure.VirtualMachine;
import io.dockyard.azure.VirtualMachineSpec;
import io.dockyard.hosts.AzureStatus;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.HostImages;
import io.dockyard.hosts.HostSpec;

/**
 * The host's VM: created from the catalogue's image, resized when {@code vmSize} changes, recreated when deleted
 * out of band. A VM that is deallocated or stopped is reported, not started: someone stopped it on purpose or
 * Azure did, and either way an engineer should know.
 */
final class VirtualMachineStep implements Step {

    private final AzureResources azure;
    private final HostImages images;

    VirtualMachineStep(AzureResources azure, HostImages images) {
        this.azure = azure;
        this.images = images;
    }

    /** The condition's reason while the VM is deallocated by us to grow its disk. */
    static final String GROWING_DISK = "GrowingOsDisk";

    @Override
    public String condition() {
        return Condition.VIRTUAL_MACHINE_READY;
    }

    @Override
    public StepResult run(PassContext pass) {
        HostSpec spec = pass.host.spec();
        HostImages.MarketplaceImage image = images.image(spec.image()).orElseThrow(() -> new IllegalStateException(
                "image alias '" + spec.image() + "' is no longer in the catalogue"));
        String nicId = NetworkStep.id(pass, "Microsoft.Network/networkInterfaces", pass.names.networkInterface());
        String previousSize = pass.status().azure() == null ? null : sizeOf(pass);
        VirtualMachine vm = azure.ensureVirtualMachine(new VirtualMachineSpec(pass.names.resourceGroup(),
                pass.names.virtualMachine(), pass.host.location(), pass.owner, spec.vmSize(),
                new ImageReference(image.publisher(), image.offer(), image.sku(), image.version()), spec.osDiskSizeGb(),
                spec.adminUsername(), spec.sshPublicKeys(), nicId), pass.failed);
        AzureStatus known = pass.azure();
        pass.azure(new AzureStatus(known.resourceGroup(), vm.ensured().id(), vm.vmId(), known.publicIp(), known.fqdn(),
                known.privateIp(), vm.powerState().name().toLowerCase(java.util.Locale.ROOT)));
        if (vm.ensured().wrote() && pass.status().holds(Condition.VIRTUAL_MACHINE_READY)) {
            // No vmId: there was no VM to update — it is gone (deleted outside Dockyard) and being created again.
            pass.event(vm.vmId() == null
                    ? io.dockyard.hosts.HostEventDraft.warning("VirtualMachineRecreated", "Virtual machine "
                            + pass.names.virtualMachine() + " was missing and is being created again (" + spec.vmSize() + ")")
                    : io.dockyard.hosts.HostEventDraft.normal("VirtualMachineUpdated", "Applying vmSize " + spec.vmSize()
                            + (previousSize == null || previousSize.equals(spec.vmSize()) ? "" : " (was " + previousSize + ")")));
        }
        boolean growing = pass.status().condition(condition()).map(c -> GROWING_DISK.equals(c.reason())).orElse(false);
        StepResult pending = Outcomes.of("VirtualMachine", "Virtual machine " + pass.names.virtualMachine(), vm.ensured());
        if (pending != null) {
            boolean failed = pending instanceof StepResult.Failed;
            pass.condition(condition(), ConditionStatus.False, failed ? "Failed" : growing ? GROWING_DISK : "Provisioning",
                    "Virtual machine " + pass.names.virtualMachine() + " is not ready");
            return pending;
        }
        StepResult disk = growDisk(pass, vm, growing);
        if (disk != null) {
            return disk;
        }
        if (vm.powerState() != PowerState.RUNNING && vm.powerState() != PowerState.UNKNOWN) {
            String message = "Virtual machine " + pass.names.virtualMachine() + " is " + vm.powerState().name()
                    .toLowerCase(java.util.Locale.ROOT) + "; start it in Azure (Dockyard does not start a VM someone stopped)";
            pass.condition(condition(), ConditionStatus.False, "NotRunning", message);
            return new StepResult.Blocked("VirtualMachineNotRunning", message);
        }
        pass.condition(condition(), ConditionStatus.True, "Running", "Virtual machine " + pass.names.virtualMachine()
                + " (" + vm.size() + ") is running");
        return StepResult.done();
    }

    /**
     * Azure grows an OS disk only while its VM is deallocated, so a larger {@code osDiskSizeGb} costs the host a
     * restart: deallocate, let the ensure write the disk, start again. The condition's reason marks the VM as ours to
     * start — a VM someone else stopped is reported, never started. Null when there is nothing to do.
     */
    private StepResult growDisk(PassContext pass, VirtualMachine vm, boolean growing) {
        String name = pass.names.virtualMachine();
        int wanted = pass.host.spec().osDiskSizeGb();
        boolean smaller = vm.osDiskSizeGb() > 0 && vm.osDiskSizeGb() < wanted;
        PowerState power = vm.powerState();
        if (smaller && (power == PowerState.RUNNING || power == PowerState.STARTING)) {
            azure.deallocateVirtualMachine(pass.names.resourceGroup(), name);
            String message = "Deallocating virtual machine " + name + " to grow its OS disk from " + vm.osDiskSizeGb()
                    + " to " + wanted + " GiB; Docker is unavailable until it runs again";
            pass.event(io.dockyard.hosts.HostEventDraft.normal("OsDiskGrowing", message));
            pass.condition(condition(), ConditionStatus.False, GROWING_DISK, message);
            return StepResult.waiting(GROWING_DISK, message);
        }
        if (!growing) {
            return null;
        }
        if (power == PowerState.DEALLOCATED && !smaller) {
            azure.startVirtualMachine(pass.names.resourceGroup(), name);
            pass.event(io.dockyard.hosts.HostEventDraft.normal("OsDiskGrown", "The OS disk of " + name + " is "
                    + vm.osDiskSizeGb() + " GiB; starting the virtual machine"));
        } else if (power == PowerState.RUNNING) {
            return null;
        }
        String message = "Virtual machine " + name + " is " + power.name().toLowerCase(java.util.Locale.ROOT)
                + " while its OS disk grows to " + wanted + " GiB";
        pass.condition(condition(), ConditionStatus.False, GROWING_DISK, message);
        return StepResult.waiting(GROWING_DISK, message);
    }

    private static String sizeOf(PassContext pass) {
        return pass.status().condition(Condition.VIRTUAL_MACHINE_READY).map(c -> {
            int open = c.message().indexOf('(');
            int close = c.message().indexOf(')');
            return open >= 0 && close > open ? c.message().substring(open + 1, close) : null;
        }).orElse(null);
    }
}
