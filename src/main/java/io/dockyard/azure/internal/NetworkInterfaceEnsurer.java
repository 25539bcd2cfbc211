package io.dockyard.azure.internal;

import java.util.List;
import java.util.Optional;

import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.NetworkInterfacesClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;

import io.dockyard.azure.Ensured;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.NetworkInterface;
import io.dockyard.azure.NetworkInterfaceSpec;

/** The host's NIC: one primary IP configuration in the host's subnet with its public IP, guarded by its NSG. */
final class NetworkInterfaceEnsurer {

    private static final String CONFIGURATION = "primary";
    private final NetworkInterfacesClient interfaces;
    private final String subscription;

    NetworkInterfaceEnsurer(AzureClients clients) {
        this.interfaces = clients.network().serviceClient().getNetworkInterfaces();
        this.subscription = clients.subscriptionId();
    }

    NetworkInterface ensure(NetworkInterfaceSpec spec, FailedResources failed) {
        Optional<NetworkInterfaceInner> observed = Observe.get(() ->
                interfaces.getByResourceGroupWithResponse(spec.resourceGroup(), spec.name(), null, Context.NONE));
        Optional<Ensured> settled = observed.flatMap(current -> Comparison.settled(current.id(), spec.owner(),
                current.tags(), Comparison.state(current.provisioningState()), matches(current, spec), failed));
        if (settled.isPresent()) {
            return new NetworkInterface(settled.get(), privateIp(observed.get()));
        }
        NetworkInterfaceIpConfigurationInner configuration = new NetworkInterfaceIpConfigurationInner()
                .withName(CONFIGURATION).withPrimary(true).withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC)
                .withSubnet(new SubnetInner().withId(spec.subnetId()))
                .withPublicIpAddress(new PublicIpAddressInner().withId(spec.publicIpId()));
        NetworkInterfaceInner desired = new NetworkInterfaceInner().withIpConfigurations(List.of(configuration))
                .withNetworkSecurityGroup(new NetworkSecurityGroupInner().withId(spec.securityGroupId()));
        desired.withLocation(spec.location()).withTags(spec.owner().tags());
        interfaces.beginCreateOrUpdate(spec.resourceGroup(), spec.name(), desired, Context.NONE);
        return new NetworkInterface(Comparison.written(Ids.of(subscription, spec.resourceGroup(),
                "Microsoft.Network/networkInterfaces", spec.name())), null);
    }

    private static String privateIp(NetworkInterfaceInner nic) {
        return nic.ipConfigurations() == null || nic.ipConfigurations().isEmpty() ? null
                : nic.ipConfigurations().getFirst().privateIpAddress();
    }

    private static boolean matches(NetworkInterfaceInner current, NetworkInterfaceSpec spec) {
        if (current.ipConfigurations() == null || current.ipConfigurations().size() != 1
                || !Observe.sameTags(spec.owner(), current.tags()) || current.networkSecurityGroup() == null
                || !Ids.same(spec.securityGroupId(), current.networkSecurityGroup().id())) {
            return false;
        }
        NetworkInterfaceIpConfigurationInner configuration = current.ipConfigurations().getFirst();
        return configuration.subnet() != null && Ids.same(spec.subnetId(), configuration.subnet().id())
                && configuration.publicIpAddress() != null && Ids.same(spec.publicIpId(), configuration.publicIpAddress().id());
    }
}
