package io.dockyard.azure.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.NetworkSecurityGroupsClient;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;

import io.dockyard.azure.Ensured;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.InboundRule;
import io.dockyard.azure.SecurityGroupSpec;

/**
 * The host's NSG. Its rules are compared as sets of (name, priority, port, sources), so a rule changed or added
 * out of band is restored and an unchanged group is not written.
 */
final class SecurityGroupEnsurer {

    private final NetworkSecurityGroupsClient groups;
    private final String subscription;

    SecurityGroupEnsurer(AzureClients clients) {
        this.groups = clients.network().serviceClient().getNetworkSecurityGroups();
        this.subscription = clients.subscriptionId();
    }

    Ensured ensure(SecurityGroupSpec spec, FailedResources failed) {
        Optional<NetworkSecurityGroupInner> observed = Observe.get(() ->
                groups.getByResourceGroupWithResponse(spec.resourceGroup(), spec.name(), null, Context.NONE));
        Optional<Ensured> settled = observed.flatMap(current -> Comparison.settled(current.id(), spec.owner(),
                current.tags(), Comparison.state(current.provisioningState()), matches(current, spec), failed));
        if (settled.isPresent()) {
            return settled.get();
        }
        return write(spec);
    }

    /** Writes the group as the spec says, without reading it first. */
    Ensured write(SecurityGroupSpec spec) {
        List<SecurityRuleInner> rules = new ArrayList<>();
        for (InboundRule rule : spec.rules()) {
            rules.add(new SecurityRuleInner().withName(rule.name()).withPriority(rule.priority())
                    .withProtocol(SecurityRuleProtocol.TCP).withAccess(SecurityRuleAccess.ALLOW)
                    .withDirection(SecurityRuleDirection.INBOUND).withSourcePortRange("*")
                    .withDestinationPortRange(String.valueOf(rule.port())).withDestinationAddressPrefix("*")
                    .withSourceAddressPrefixes(List.copyOf(new TreeSet<>(rule.sourceRanges()))));
        }
        NetworkSecurityGroupInner desired = new NetworkSecurityGroupInner().withSecurityRules(rules);
        desired.withLocation(spec.location()).withTags(spec.owner().tags());
        groups.beginCreateOrUpdate(spec.resourceGroup(), spec.name(), desired, Context.NONE);
        return Comparison.written(Ids.of(subscription, spec.resourceGroup(), "Microsoft.Network/networkSecurityGroups",
                spec.name()));
    }

    static boolean matches(NetworkSecurityGroupInner current, SecurityGroupSpec spec) {
        Map<String, String> observed = new HashMap<>();
        for (SecurityRuleInner rule : current.securityRules() == null ? List.<SecurityRuleInner>of() : current.securityRules()) {
            TreeSet<String> sources = new TreeSet<>();
            if (rule.sourceAddressPrefix() != null) {
                sources.add(rule.sourceAddressPrefix());
            }
            if (rule.sourceAddressPrefixes() != null) {
                sources.addAll(rule.sourceAddressPrefixes());
            }
            observed.put(rule.name(), String.join("|", String.valueOf(rule.priority()), String.valueOf(rule.protocol()),
                    String.valueOf(rule.access()), String.valueOf(rule.direction()), rule.destinationPortRange(),
                    String.valueOf(rule.destinationAddressPrefix()), sources.toString()));
        }
        Map<String, String> desired = new HashMap<>();
        for (InboundRule rule : spec.rules()) {
            desired.put(rule.name(), String.join("|", String.valueOf(rule.priority()), "Tcp", "Allow", "Inbound",
                    String.valueOf(rule.port()), "*", new TreeSet<>(rule.sourceRanges()).toString()));
        }
        return observed.equals(desired) && Observe.sameTags(spec.owner(), current.tags());
    }
}
