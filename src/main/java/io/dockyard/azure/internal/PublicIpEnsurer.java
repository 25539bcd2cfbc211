package io.dockyard.azure.internal;

import java.util.Optional;

import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.PublicIpAddressesClient;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.IpVersion;
import com.azure.resourcemanager.network.models.PublicIpAddressDnsSettings;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuTier;

import io.dockyard.azure.Ensured;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.PublicIp;
import io.dockyard.azure.PublicIpSpec;

/** The host's public IP: static, Standard SKU, IPv4, with the DNS label that gives the host its FQDN. */
final class PublicIpEnsurer {

    private final PublicIpAddressesClient addresses;
    private final String subscription;

    PublicIpEnsurer(AzureClients clients) {
        this.addresses = clients.network().serviceClient().getPublicIpAddresses();
        this.subscription = clients.subscriptionId();
    }

    PublicIp ensure(PublicIpSpec spec, FailedResources failed) {
        Optional<PublicIpAddressInner> observed = Observe.get(() ->
                addresses.getByResourceGroupWithResponse(spec.resourceGroup(), spec.name(), null, Context.NONE));
        Optional<Ensured> settled = observed.flatMap(current -> Comparison.settled(current.id(), spec.owner(),
                current.tags(), Comparison.state(current.provisioningState()), matches(current, spec), failed));
        if (settled.isPresent()) {
            PublicIpAddressInner current = observed.get();
            return new PublicIp(settled.get(), current.ipAddress(),
                    current.dnsSettings() == null ? null : current.dnsSettings().fqdn());
        }
        return write(spec);
    }

    /** Writes the address as the spec says, without reading it first; its address is known once it is observed. */
    PublicIp write(PublicIpSpec spec) {
        PublicIpAddressInner desired = new PublicIpAddressInner()
                .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD).withTier(PublicIpAddressSkuTier.REGIONAL))
                .withPublicIpAllocationMethod(IpAllocationMethod.STATIC).withPublicIpAddressVersion(IpVersion.IPV4)
                .withDnsSettings(new PublicIpAddressDnsSettings().withDomainNameLabel(spec.dnsLabel()));
        desired.withLocation(spec.location()).withTags(spec.owner().tags());
        addresses.beginCreateOrUpdate(spec.resourceGroup(), spec.name(), desired, Context.NONE);
        return new PublicIp(Comparison.written(Ids.of(subscription, spec.resourceGroup(),
                "Microsoft.Network/publicIPAddresses", spec.name())), null, null);
    }

    private static boolean matches(PublicIpAddressInner current, PublicIpSpec spec) {
        return current.sku() != null && PublicIpAddressSkuName.STANDARD.equals(current.sku().name())
                && IpAllocationMethod.STATIC.equals(current.publicIpAllocationMethod())
                && current.dnsSettings() != null && spec.dnsLabel().equals(current.dnsSettings().domainNameLabel())
                && Observe.sameTags(spec.owner(), current.tags());
    }
}
