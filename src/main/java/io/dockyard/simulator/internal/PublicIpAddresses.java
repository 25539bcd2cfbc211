package io.dockyard.simulator.internal;

import java.util.regex.Pattern;

import tools.jackson.databind.node.ObjectNode;

/**
 * Public IP addresses. Each gets a loopback address of its own (Linux routes all of 127.0.0.0/8 to lo), so every
 * simulated host serves Docker on a distinct address, and an FQDN under {@code <region>.cloudapp.azure.com} when a
 * DNS label is asked for. Labels are unique per region, as in Azure.
 */
final class PublicIpAddresses extends ResourceKind {

    static final String TYPE_KEY = "microsoft.network/publicipaddresses";

    private static final Pattern LABEL = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

    @Override
    String type() {
        return "Microsoft.Network/publicIPAddresses";
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        ObjectNode properties = properties(request);
        String label = Json.text(properties, "dnsSettings", "domainNameLabel");
        String fqdn = null;
        if (label != null) {
            if (!LABEL.matcher(label).matches()) {
                throw ArmException.badRequest("InvalidDomainNameLabel", "The domain name label " + label
                        + " is invalid. It must conform to the following regular expression: ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.");
            }
            fqdn = label + "." + resource.location + ".cloudapp.azure.com";
            Resource holder = cloud.fqdnHolder(fqdn);
            if (holder != null && !holder.key.equals(resource.key)) {
                throw ArmException.badRequest("DnsRecordInUse", "DNS record " + fqdn
                        + " is already used by another public IP.");
            }
        }
        ObjectNode sku = request.get("sku") instanceof ObjectNode s ? s : request.putObject("sku");
        sku.putIfAbsent("name", tools.jackson.databind.node.StringNode.valueOf("Basic"));
        sku.putIfAbsent("tier", tools.jackson.databind.node.StringNode.valueOf("Regional"));
        boolean standard = "Standard".equalsIgnoreCase(Json.text(sku, "name"));
        properties.putIfAbsent("publicIPAllocationMethod",
                tools.jackson.databind.node.StringNode.valueOf(standard ? "Static" : "Dynamic"));
        properties.putIfAbsent("publicIPAddressVersion", tools.jackson.databind.node.StringNode.valueOf("IPv4"));
        properties.putIfAbsent("idleTimeoutInMinutes", tools.jackson.databind.node.IntNode.valueOf(4));
        properties.putIfAbsent("ipTags", Json.array());
        // Without a plan of its own, an address is protected by the plan of the VNet it ends up in, if any.
        Json.objectAt(properties, "ddosSettings").putIfAbsent("protectionMode",
                tools.jackson.databind.node.StringNode.valueOf("VirtualNetworkInherited"));
        if (fqdn != null) {
            Json.objectAt(properties, "dnsSettings").put("fqdn", fqdn);
        }
        properties.remove("ipAddress");
        properties.remove("ipConfiguration");
        properties.put("resourceGuid", resource.guid);
        if (resource.address == null) {
            resource.address = cloud.allocateAddress();
        }
        resource.body = request;
    }

    String fqdn(Resource resource) {
        return Json.text(resource.body, "properties", "dnsSettings", "fqdn");
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        ObjectNode properties = properties(out);
        properties.put("ipAddress", resource.address);
        for (Resource nic : cloud.referrers(resource, "microsoft.network/networkinterfaces")) {
            for (var configuration : nic.body.path("properties").path("ipConfigurations")) {
                if (resource.key.equalsIgnoreCase(String.valueOf(Json.text(configuration, "properties", "publicIPAddress", "id")))) {
                    properties.putObject("ipConfiguration").put("id", nic.id + "/ipConfigurations/" + Json.text(configuration, "name"));
                }
            }
        }
    }

    @Override
    void checkDelete(Cloud cloud, Resource resource) {
        var users = cloud.referrers(resource, null);
        if (!users.isEmpty()) {
            throw ArmException.badRequest("PublicIPAddressCannotBeDeleted", "Public IP address " + resource.id
                    + " can not be deleted since it is still allocated to resource " + users.getFirst().id
                    + "/ipConfigurations/primary. In order to delete the public IP, disassociate/detach the Public IP "
                    + "address from the resource.");
        }
    }
}
