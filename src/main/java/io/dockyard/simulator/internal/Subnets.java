package io.dockyard.simulator.internal;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Subnets of a virtual network: their prefix must lie inside the VNet's address space and not overlap a sibling. */
final class Subnets extends ResourceKind {

    @Override
    String type() {
        return "Microsoft.Network/virtualNetworks/subnets";
    }

    @Override
    String parentType() {
        return "Microsoft.Network/virtualNetworks";
    }

    @Override
    boolean tracked() {
        return false;
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        ObjectNode properties = properties(request);
        List<String> prefixes = new ArrayList<>();
        if (properties.hasNonNull("addressPrefix")) {
            prefixes.add(properties.get("addressPrefix").asString());
        }
        for (JsonNode prefix : properties.path("addressPrefixes")) {
            prefixes.add(prefix.asString());
        }
        if (prefixes.isEmpty()) {
            throw ArmException.badRequest("NoAddressPrefixOrPoolProvided",
                    "Subnet " + resource.id + " must have an address prefix or an IP address pool.");
        }
        Resource vnet = resource.parent;
        List<Cidr> space = cloud.kind(VirtualNetworks.class).space(vnet);
        for (String text : prefixes) {
            Cidr prefix = Cidr.parse(text);
            if (prefix == null) {
                throw ArmException.badRequest("InvalidAddressPrefixFormat", "Address prefix " + text + " of resource "
                        + resource.id + " is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.");
            }
            if (space.stream().noneMatch(s -> s.contains(prefix))) {
                throw ArmException.badRequest("NetcfgSubnetRangeOutsideVnet", "Subnet '" + resource.name()
                        + "' is not valid because its IP address range is outside the IP address range of virtual network '"
                        + vnet.name() + "'.");
            }
            for (Resource sibling : cloud.children(vnet)) {
                if (sibling != resource && !sibling.key.equals(resource.key)) {
                    Cidr other = Cidr.parse(Json.text(sibling.body, "properties", "addressPrefix"));
                    if (other != null && other.overlaps(prefix)) {
                        throw ArmException.badRequest("NetcfgSubnetRangesOverlap", "Subnet '" + resource.name()
                                + "' is not valid because its IP address range overlaps with that of an existing subnet "
                                + "in virtual network '" + vnet.name() + "'.");
                    }
                }
            }
        }
        String nsg = idOf(properties.get("networkSecurityGroup"));
        List<String> references = new ArrayList<>();
        if (nsg != null) {
            references.add(cloud.require(nsg, "microsoft.network/networksecuritygroups", resource.id, null).key);
        }
        resource.references = references;
        properties.putIfAbsent("privateEndpointNetworkPolicies", tools.jackson.databind.node.StringNode.valueOf("Disabled"));
        properties.putIfAbsent("privateLinkServiceNetworkPolicies", tools.jackson.databind.node.StringNode.valueOf("Enabled"));
        properties.putIfAbsent("delegations", Json.array());
        serviceEndpoints(cloud, resource, properties);
        resource.body = request;
    }

    /**
     * The regions a service endpoint reaches the service in, unless the request names them: the VNet's region, and for
     * Microsoft.Storage also its paired region, as Azure fills them in.
     */
    private static void serviceEndpoints(Cloud cloud, Resource subnet, ObjectNode properties) {
        for (JsonNode endpoint : properties.path("serviceEndpoints")) {
            String service = Json.text(endpoint, "service");
            if (!(endpoint instanceof ObjectNode e) || service == null) {
                throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: a service endpoint of "
                        + subnet.id + " names no service.");
            }
            if (!e.path("locations").isArray() || e.path("locations").isEmpty()) {
                var locations = e.putArray("locations").add(subnet.location);
                String paired = cloud.regions().pairedRegion(subnet.location);
                if (service.equalsIgnoreCase("Microsoft.Storage") && paired != null) {
                    locations.add(paired);
                }
            }
            e.remove("provisioningState");
        }
    }

    Cidr prefix(Resource subnet) {
        String first = Json.text(subnet.body, "properties", "addressPrefix");
        if (first == null) {
            first = subnet.body.path("properties").path("addressPrefixes").path(0).asString();
        }
        return Cidr.parse(first);
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        for (JsonNode endpoint : properties(out).path("serviceEndpoints")) {
            ((ObjectNode) endpoint).put("provisioningState", resource.state);
        }
        var configurations = Json.array();
        for (Resource nic : cloud.referrers(resource, "microsoft.network/networkinterfaces")) {
            for (JsonNode configuration : nic.body.path("properties").path("ipConfigurations")) {
                if (resource.key.equals(String.valueOf(Json.text(configuration, "properties", "subnet", "id"))
                        .toLowerCase(java.util.Locale.ROOT))) {
                    configurations.addObject().put("id", nic.id + "/ipConfigurations/" + Json.text(configuration, "name"));
                }
            }
        }
        if (!configurations.isEmpty()) {
            properties(out).set("ipConfigurations", configurations);
        }
    }

    @Override
    void checkDelete(Cloud cloud, Resource resource) {
        if (!cloud.referrers(resource, "microsoft.network/networkinterfaces").isEmpty()) {
            throw ArmException.badRequest("InUseSubnetCannotBeDeleted", "Subnet " + resource.name()
                    + " is in use by " + cloud.referrers(resource, "microsoft.network/networkinterfaces").getFirst().id
                    + "/ipConfigurations/... and cannot be deleted. In order to delete the subnet, delete all the resources "
                    + "within the subnet. See aka.ms/deletesubnet.");
        }
    }
}
