package io.dockyard.simulator.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Network security groups with their rules. ARM adds the six default rules to every group and refuses rules whose
 * priority is out of range or taken by another rule of the same direction.
 */
final class SecurityGroups extends ResourceKind {

    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "icmp", "esp", "ah", "*");

    @Override
    String type() {
        return "Microsoft.Network/networkSecurityGroups";
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        ObjectNode properties = properties(request);
        JsonNode rules = properties.path("securityRules");
        Set<String> taken = new HashSet<>();
        Set<String> names = new HashSet<>();
        ArrayNode stored = Json.array();
        for (JsonNode rule : rules) {
            String name = Json.text(rule, "name");
            if (name == null) {
                throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: a security rule has no name.");
            }
            checkName(name);
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw ArmException.badRequest("InvalidRequestFormat", "Security rule name " + name + " is used more than once.");
            }
            JsonNode p = rule.path("properties");
            String protocol = Json.text(p, "protocol");
            String access = Json.text(p, "access");
            String direction = Json.text(p, "direction");
            String ruleId = resource.id + "/securityRules/" + name;
            if (protocol == null || !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
                throw ArmException.badRequest("SecurityRuleInvalidProtocol", "Security rule " + ruleId
                        + " has invalid Protocol. Allowed values are Tcp, Udp, Icmp, Esp, Ah, *.");
            }
            if (access == null || !(access.equalsIgnoreCase("Allow") || access.equalsIgnoreCase("Deny"))) {
                throw ArmException.badRequest("SecurityRuleInvalidAccess", "Security rule " + ruleId
                        + " has invalid Access. Allowed values are Allow and Deny.");
            }
            if (direction == null || !(direction.equalsIgnoreCase("Inbound") || direction.equalsIgnoreCase("Outbound"))) {
                throw ArmException.badRequest("SecurityRuleInvalidDirection", "Security rule " + ruleId
                        + " has invalid Direction. Allowed values are Inbound and Outbound.");
            }
            JsonNode priority = p.get("priority");
            if (priority == null || !priority.canConvertToInt() || priority.asInt() < 100 || priority.asInt() > 4096) {
                throw ArmException.badRequest("SecurityRuleInvalidPriority", "Security rule " + ruleId
                        + " has invalid Priority. Value provided: " + (priority == null ? "null" : priority.asString())
                        + " Allowed range 100-4096.");
            }
            if (!taken.add(direction.toLowerCase(Locale.ROOT) + priority.asInt())) {
                throw ArmException.badRequest("SecurityRulesConflictingPriority", "Security rule " + ruleId
                        + " conflicts with another rule. Rules cannot have the same Priority and Direction.");
            }
            if (!p.hasNonNull("sourceAddressPrefix") && !p.path("sourceAddressPrefixes").isArray()
                    || !p.hasNonNull("destinationAddressPrefix") && !p.path("destinationAddressPrefixes").isArray()) {
                throw ArmException.badRequest("SecurityRuleParameterContainsUnsupportedValue", "Security rule " + ruleId
                        + " needs a source and a destination address prefix.");
            }
            ObjectNode copy = (ObjectNode) rule.deepCopy();
            copy.remove("id");
            copy.remove("etag");
            if (copy.get("properties") instanceof ObjectNode ruleProperties) {
                ruleProperties.remove("provisioningState");
            }
            stored.add(copy);
        }
        properties.set("securityRules", stored);
        // Whether changing a rule resets the connections it allowed; off unless asked for.
        properties.putIfAbsent("flushConnection", tools.jackson.databind.node.BooleanNode.FALSE);
        properties.put("resourceGuid", resource.guid);
        resource.body = request;
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        ObjectNode properties = properties(out);
        for (JsonNode rule : properties.path("securityRules")) {
            ObjectNode r = (ObjectNode) rule;
            r.put("id", resource.id + "/securityRules/" + Json.text(rule, "name"));
            r.put("etag", resource.etag);
            r.put("type", "Microsoft.Network/networkSecurityGroups/securityRules");
            Json.objectAt(r, "properties").put("provisioningState", resource.state);
        }
        ArrayNode defaults = properties.putArray("defaultSecurityRules");
        defaultRule(defaults, resource, "AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork",
                "VirtualNetwork", "Allow", 65000, "Inbound");
        defaultRule(defaults, resource, "AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer",
                "AzureLoadBalancer", "*", "Allow", 65001, "Inbound");
        defaultRule(defaults, resource, "DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound");
        defaultRule(defaults, resource, "AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET",
                "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Outbound");
        defaultRule(defaults, resource, "AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*",
                "Internet", "Allow", 65001, "Outbound");
        defaultRule(defaults, resource, "DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound");
        var nics = Json.array();
        for (Resource nic : cloud.referrers(resource, "microsoft.network/networkinterfaces")) {
            nics.addObject().put("id", nic.id);
        }
        if (!nics.isEmpty()) {
            properties.set("networkInterfaces", nics);
        }
        var subnets = Json.array();
        for (Resource subnet : cloud.referrers(resource, "microsoft.network/virtualnetworks/subnets")) {
            subnets.addObject().put("id", subnet.id);
        }
        if (!subnets.isEmpty()) {
            properties.set("subnets", subnets);
        }
    }

    private static void defaultRule(ArrayNode rules, Resource nsg, String name, String description, String source,
                                    String destination, String access, int priority, String direction) {
        ObjectNode rule = rules.addObject();
        rule.put("name", name);
        rule.put("id", nsg.id + "/defaultSecurityRules/" + name);
        rule.put("etag", nsg.etag);
        rule.put("type", "Microsoft.Network/networkSecurityGroups/defaultSecurityRules");
        ObjectNode p = rule.putObject("properties");
        p.put("description", description);
        p.put("protocol", "*");
        p.put("sourcePortRange", "*");
        p.put("destinationPortRange", "*");
        p.put("sourceAddressPrefix", source);
        p.put("destinationAddressPrefix", destination);
        p.put("access", access);
        p.put("priority", priority);
        p.put("direction", direction);
        p.put("provisioningState", "Succeeded");
        p.putArray("sourcePortRanges");
        p.putArray("destinationPortRanges");
        p.putArray("sourceAddressPrefixes");
        p.putArray("destinationAddressPrefixes");
    }

    @Override
    void checkDelete(Cloud cloud, Resource resource) {
        if (!cloud.referrers(resource, null).isEmpty()) {
            throw ArmException.badRequest("InUseNetworkSecurityGroupCannotBeDeleted", "Network security group "
                    + resource.id + " cannot be deleted because it is in use by the following resources: "
                    + cloud.referrers(resource, null).getFirst().id + ".");
        }
    }
}
