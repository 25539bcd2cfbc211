package io.dockyard.azure.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachineExtensionsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineExtensionInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.StatusLevelTypes;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ExtensionSpec;
import io.dockyard.azure.ExtensionState;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.ResourceState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The VM extension that installs Docker. Azure never returns protected settings, so "unchanged" means the same
 * publisher, type, version, public settings and {@code forceUpdateTag} — the tag is a hash of the whole payload,
 * secrets included. A failed extension reports the message the VM agent gave.
 */
final class ExtensionEnsurer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final VirtualMachineExtensionsClient extensions;
    private final String subscription;

    ExtensionEnsurer(AzureClients clients) {
        this.extensions = clients.compute().serviceClient().getVirtualMachineExtensions();
        this.subscription = clients.subscriptionId();
    }

    Ensured ensure(ExtensionSpec spec, FailedResources failed) {
        Optional<VirtualMachineExtensionInner> observed = Observe.get(() -> extensions.getWithResponse(
                spec.resourceGroup(), spec.vmName(), spec.name(), "instanceView", Context.NONE));
        Optional<Ensured> settled = observed.flatMap(current -> Comparison.settled(current.id(), spec.owner(),
                current.tags(), ResourceState.of(current.provisioningState()), matches(current, spec), failed,
                failure(current)));
        if (settled.isPresent()) {
            return settled.get();
        }
        VirtualMachineExtensionInner desired = new VirtualMachineExtensionInner().withPublisher(spec.publisher())
                .withTypePropertiesType(spec.type()).withTypeHandlerVersion(spec.typeHandlerVersion())
                .withAutoUpgradeMinorVersion(spec.autoUpgradeMinorVersion()).withSettings(spec.settings())
                .withProtectedSettings(spec.protectedSettings()).withForceUpdateTag(spec.forceUpdateTag());
        desired.withLocation(spec.location()).withTags(spec.owner().tags());
        extensions.beginCreateOrUpdate(spec.resourceGroup(), spec.vmName(), spec.name(), desired, Context.NONE);
        return Comparison.written(Ids.of(subscription, spec.resourceGroup(), "Microsoft.Compute/virtualMachines",
                spec.vmName() + "/extensions/" + spec.name()));
    }

    Optional<ExtensionState> get(String resourceGroup, String vmName, String name) {
        return Observe.get(() -> extensions.getWithResponse(resourceGroup, vmName, name, "instanceView", Context.NONE))
                .map(current -> new ExtensionState(new Ensured(current.id(), ResourceState.of(current.provisioningState()),
                        false, failure(current)), current.publisher(), current.typePropertiesType(),
                        current.typeHandlerVersion(), current.forceUpdateTag()));
    }

    private static boolean matches(VirtualMachineExtensionInner current, ExtensionSpec spec) {
        return spec.publisher().equalsIgnoreCase(String.valueOf(current.publisher()))
                && spec.type().equalsIgnoreCase(String.valueOf(current.typePropertiesType()))
                && spec.typeHandlerVersion().equals(current.typeHandlerVersion())
                && Objects.equals(spec.forceUpdateTag(), current.forceUpdateTag())
                && JSON.valueToTree(spec.settings() == null ? Map.of() : spec.settings())
                        .equals(JSON.valueToTree(current.settings() == null ? Map.of() : current.settings()))
                && Observe.sameTags(spec.owner(), current.tags());
    }

    private static AzureError failure(VirtualMachineExtensionInner extension) {
        if (extension.instanceView() == null || extension.instanceView().statuses() == null) {
            return null;
        }
        for (InstanceViewStatus status : extension.instanceView().statuses()) {
            if (StatusLevelTypes.ERROR.equals(status.level())) {
                return new AzureError(AzureErrorKind.TERMINAL, 0, "VMExtensionProvisioningError", status.message(), null);
            }
        }
        return null;
    }
}
