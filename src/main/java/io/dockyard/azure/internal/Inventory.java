package io.dockyard.azure.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;

import io.dockyard.azure.ManagedResource;
import io.dockyard.azure.Ownership;
import io.dockyard.azure.PowerState;
import io.dockyard.azure.ResourceState;
import io.dockyard.azure.SecurityGroupSpec;
import io.dockyard.azure.VmPower;

/**
 * Subscription-wide listings for drift checks: one paged call for everything tagged {@code managed-by=dockyard},
 * one for every VM's status, one for every NSG with its rules, instead of a GET per host — so many hosts fit ARM's read budget.
 */
final class Inventory {

    private final AzureClients clients;

    Inventory(AzureClients clients) {
        this.clients = clients;
    }

    List<ManagedResource> managed() {
        String filter = "tagName eq '" + Ownership.MANAGED_BY + "' and tagValue eq '" + Ownership.DOCKYARD + "'";
        return clients.resources().serviceClient().getResources().list(filter, null, null, Context.NONE).stream()
                .map(r -> new ManagedResource(r.id(), r.type(), r.name(), Ids.resourceGroupOf(r.id()), r.location(),
                        r.tags() == null ? Map.of() : Map.copyOf(r.tags())))
                .toList();
    }

    List<VmPower> powerStates() {
        return clients.compute().serviceClient().getVirtualMachines().list("true", null, null, Context.NONE).stream()
                .map(Inventory::power).toList();
    }

    Set<String> securityGroupsOutOfSpec(List<SecurityGroupSpec> expected) {
        if (expected.isEmpty()) {
            return Set.of();
        }
        Map<String, NetworkSecurityGroupInner> listed = new HashMap<>();
        clients.network().serviceClient().getNetworkSecurityGroups().list(Context.NONE)
                .forEach(group -> listed.put(group.id().toLowerCase(Locale.ROOT), group));
        Set<String> differing = new HashSet<>();
        for (SecurityGroupSpec spec : expected) {
            String id = Ids.of(clients.subscriptionId(), spec.resourceGroup(), "Microsoft.Network/networkSecurityGroups",
                    spec.name()).toLowerCase(Locale.ROOT);
            NetworkSecurityGroupInner group = listed.get(id);
            if (group != null && !SecurityGroupEnsurer.matches(group, spec)) {
                differing.add(id);
            }
        }
        return differing;
    }

    private static VmPower power(VirtualMachineInner vm) {
        String provisioning = vm.provisioningState();
        if (provisioning == null && vm.instanceView() != null && vm.instanceView().statuses() != null) {
            provisioning = vm.instanceView().statuses().stream().map(InstanceViewStatus::code)
                    .filter(c -> c != null && c.startsWith("ProvisioningState/"))
                    .map(c -> c.substring("ProvisioningState/".length()).split("/")[0]).findFirst().orElse(null);
        }
        return new VmPower(vm.id(), vm.name(), Ids.resourceGroupOf(vm.id()), ResourceState.of(provisioning),
                VirtualMachineEnsurer.powerState(vm.instanceView()),
                vm.tags() == null ? null : vm.tags().get(Ownership.HOST_ID));
    }
}
