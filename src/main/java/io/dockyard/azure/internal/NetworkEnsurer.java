package io.dockyard.azure.internal;

import java.util.List;
import java.util.Optional;

import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.VirtualNetworksClient;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;

import io.dockyard.azure.Ensured;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.NetworkSpec;

/** The host's VNet and its one subnet, written together: a VNet PUT states its subnets, as ARM expects. */
final class NetworkEnsurer {

    private final VirtualNetworksClient networks;
    private final String subscription;

    NetworkEnsurer(AzureClients clients) {
        this.networks = clients.network().serviceClient().getVirtualNetworks();
        this.subscription = clients.subscriptionId();
    }

    Ensured ensure(NetworkSpec spec, FailedResources failed) {
        Optional<VirtualNetworkInner> observed = Observe.get(() ->
                networks.getByResourceGroupWithResponse(spec.resourceGroup(), spec.name(), null, Context.NONE));
        Optional<Ensured> settled = observed.flatMap(current -> Comparison.settled(current.id(), spec.owner(),
                current.tags(), Comparison.state(current.provisioningState()), matches(current, spec), failed));
        if (settled.isPresent()) {
            return settled.get();
        }
        return write(spec);
    }

    /** Writes the VNet and its subnet as the spec says, without reading them first. */
    Ensured write(NetworkSpec spec) {
        SubnetInner subnet = new SubnetInner().withName(spec.subnetName()).withAddressPrefix(spec.subnetPrefix())
                .withNetworkSecurityGroup(new NetworkSecurityGroupInner().withId(spec.securityGroupId()));
        VirtualNetworkInner desired = new VirtualNetworkInner()
                .withAddressSpace(new AddressSpace().withAddressPrefixes(List.of(spec.addressSpace())))
                .withSubnets(List.of(subnet));
        desired.withLocation(spec.location()).withTags(spec.owner().tags());
        networks.beginCreateOrUpdate(spec.resourceGroup(), spec.name(), desired, Context.NONE);
        return Comparison.written(Ids.of(subscription, spec.resourceGroup(), "Microsoft.Network/virtualNetworks", spec.name()));
    }

    private static boolean matches(VirtualNetworkInner current, NetworkSpec spec) {
        List<String> space = current.addressSpace() == null ? List.of() : current.addressSpace().addressPrefixes();
        if (space == null || !space.equals(List.of(spec.addressSpace())) || current.subnets() == null
                || current.subnets().size() != 1 || !Observe.sameTags(spec.owner(), current.tags())) {
            return false;
        }
        SubnetInner subnet = current.subnets().getFirst();
        return spec.subnetName().equalsIgnoreCase(subnet.name()) && spec.subnetPrefix().equals(subnet.addressPrefix())
                && subnet.networkSecurityGroup() != null
                && Ids.same(spec.securityGroupId(), subnet.networkSecurityGroup().id());
    }
}
