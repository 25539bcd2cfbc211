package io.dockyard.simulator.internal;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Virtual networks. Their subnets are child resources of their own; a VNet PUT states the full set of subnets, as
 * in ARM, so subnets it leaves out are deleted (and refused while a NIC still uses them).
 */
final class VirtualNetworks extends ResourceKind {

    @Override
    String type() {
        return "Microsoft.Network/virtualNetworks";
    }

    @Override
    int minNameLength() {
        return 2;
    }

    @Override
    int maxNameLength() {
        return 64;
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        ObjectNode properties = properties(request);
        JsonNode prefixes = properties.path("addressSpace").path("addressPrefixes");
        if (!prefixes.isArray() || prefixes.isEmpty()) {
            throw ArmException.badRequest("InvalidAddressSpace",
                    "Virtual network " + resource.name() + " must have an address space with at least one address prefix.");
        }
        for (JsonNode prefix : prefixes) {
            if (Cidr.parse(prefix.asString()) == null) {
                throw ArmException.badRequest("InvalidAddressPrefixFormat", "Address prefix " + prefix.asString()
                        + " of resource " + resource.id + " is not formatted correctly. It should follow CIDR notation, "
                        + "for example 10.0.0.0/24.");
            }
        }
        properties.remove("subnets");
        properties.putIfAbsent("enableDdosProtection", tools.jackson.databind.node.BooleanNode.FALSE);
        properties.putIfAbsent("virtualNetworkPeerings", Json.array());
        properties.put("resourceGuid", resource.guid);
        resource.body = request;
    }

    List<Cidr> space(Resource vnet) {
        List<Cidr> space = new ArrayList<>();
        for (JsonNode prefix : vnet.body.path("properties").path("addressSpace").path("addressPrefixes")) {
            space.add(Cidr.parse(prefix.asString()));
        }
        return space;
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        var subnets = properties(out).putArray("subnets");
        for (Resource subnet : cloud.children(resource)) {
            subnets.add(cloud.render(subnet, false));
        }
    }

    @Override
    void checkDelete(Cloud cloud, Resource resource) {
        for (Resource subnet : cloud.children(resource)) {
            cloud.kind(Subnets.class).checkDelete(cloud, subnet);
        }
    }
}
