package io.dockyard.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Network interfaces. Every IP configuration must name a subnet that exists in the NIC's region; a public IP may
 * be used by one NIC only. The NIC gets the next free private address of its subnet, starting at .4 as Azure does.
 */
final class NetworkInterfaces extends ResourceKind {

    @Override
    String type() {
        return "Microsoft.Network/networkInterfaces";
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        ObjectNode properties = properties(request);
        JsonNode configurations = properties.path("ipConfigurations");
        if (!configurations.isArray() || configurations.isEmpty()) {
            throw ArmException.badRequest("NetworkInterfaceMustHaveAtLeastOneIpConfiguration", "Network interface "
                    + resource.id + " must have at least one IP configuration.");
        }
        List<String> references = new ArrayList<>();
        ArrayNode stored = Json.array();
        String privateIp = resource.privateIp;
        for (JsonNode configuration : configurations) {
            String name = Json.text(configuration, "name");
            if (name == null) {
                throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: an IP configuration has no name.");
            }
            JsonNode p = configuration.path("properties");
            String subnetId = idOf(p.get("subnet"));
            if (subnetId == null) {
                throw ArmException.badRequest("IpConfigurationMustReferenceSubnet", "IP configuration " + resource.id
                        + "/ipConfigurations/" + name + " must reference a subnet.");
            }
            Resource subnet = cloud.require(subnetId, "microsoft.network/virtualnetworks/subnets", resource.id, resource.location);
            references.add(subnet.key);
            String pipId = idOf(p.get("publicIPAddress"));
            if (pipId != null) {
                Resource pip = cloud.require(pipId, "microsoft.network/publicipaddresses", resource.id, resource.location);
                for (Resource user : cloud.referrers(pip, "microsoft.network/networkinterfaces")) {
                    if (!user.key.equals(resource.key)) {
                        throw ArmException.badRequest("PublicIPAddressInUse", "Resource " + pip.id + " is already in use by "
                                + user.id + "/ipConfigurations/primary. Please detach it before using it in "
                                + resource.id + ".");
                    }
                }
                references.add(pip.key);
            }
            ObjectNode copy = (ObjectNode) configuration.deepCopy();
            copy.remove("id");
            copy.remove("etag");
            ObjectNode cp = Json.objectAt(copy, "properties");
            cp.remove("provisioningState");
            cp.putIfAbsent("privateIPAllocationMethod", StringNode.valueOf("Dynamic"));
            cp.putIfAbsent("privateIPAddressVersion", StringNode.valueOf("IPv4"));
            if (configurations.size() == 1) {
                cp.put("primary", true);
            }
            if (privateIp == null || Boolean.TRUE.equals(cp.path("primary").asBoolean(false))) {
                String requested = Json.text(cp, "privateIPAddress");
                privateIp = requested != null && "Static".equalsIgnoreCase(Json.text(cp, "privateIPAllocationMethod"))
                        ? requested : privateIp != null ? privateIp : cloud.allocatePrivateIp(subnet);
            }
            stored.add(copy);
        }
        String nsg = idOf(properties.get("networkSecurityGroup"));
        if (nsg != null) {
            references.add(cloud.require(nsg, "microsoft.network/networksecuritygroups", resource.id, resource.location).key);
        }
        properties.set("ipConfigurations", stored);
        properties.putIfAbsent("enableAcceleratedNetworking", BooleanNode.FALSE);
        properties.putIfAbsent("enableIPForwarding", BooleanNode.FALSE);
        properties.putIfAbsent("disableTcpStateTracking", BooleanNode.FALSE);
        properties.putIfAbsent("nicType", StringNode.valueOf("Standard"));
        properties.putIfAbsent("auxiliaryMode", StringNode.valueOf("None"));
        properties.putIfAbsent("auxiliarySku", StringNode.valueOf("None"));
        ObjectNode dns = Json.objectAt(properties, "dnsSettings");
        dns.putIfAbsent("dnsServers", Json.array());
        dns.set("appliedDnsServers", Json.array());
        dns.put("internalDomainNameSuffix", resource.guid.substring(0, 8) + ".bx.internal.cloudapp.net");
        properties.put("resourceGuid", resource.guid);
        properties.put("vnetEncryptionSupported", false);
        properties.put("allowPort25Out", true);
        properties.putArray("hostedWorkloads");
        properties.putArray("tapConfigurations");
        resource.privateIp = privateIp;
        resource.references = references;
        resource.body = request;
    }

    /** The primary IP configuration's public IP id, or null. */
    String publicIpId(Resource nic) {
        JsonNode primary = null;
        for (JsonNode configuration : nic.body.path("properties").path("ipConfigurations")) {
            if (primary == null || configuration.path("properties").path("primary").asBoolean(false)) {
                primary = configuration;
            }
        }
        return primary == null ? null : Json.text(primary, "properties", "publicIPAddress", "id");
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        ObjectNode properties = properties(out);
        for (JsonNode configuration : properties.path("ipConfigurations")) {
            ObjectNode c = (ObjectNode) configuration;
            c.put("id", resource.id + "/ipConfigurations/" + Json.text(c, "name"));
            c.put("etag", resource.etag);
            c.put("type", "Microsoft.Network/networkInterfaces/ipConfigurations");
            ObjectNode p = Json.objectAt(c, "properties");
            p.put("provisioningState", resource.state);
            if (p.path("primary").asBoolean(false) || properties.path("ipConfigurations").size() == 1) {
                p.put("privateIPAddress", resource.privateIp);
            }
        }
        List<Resource> vms = cloud.referrers(resource, "microsoft.compute/virtualmachines");
        if (!vms.isEmpty()) {
            properties.putObject("virtualMachine").put("id", vms.getFirst().id);
            properties.put("primary", true);
            properties.put("macAddress", mac(resource));
        }
    }

    private static String mac(Resource resource) {
        int hash = resource.guid.hashCode();
        return String.format(Locale.ROOT, "00-0D-3A-%02X-%02X-%02X", (hash >> 16) & 255, (hash >> 8) & 255, hash & 255);
    }

    @Override
    void checkDelete(Cloud cloud, Resource resource) {
        List<Resource> vms = cloud.referrers(resource, "microsoft.compute/virtualmachines");
        if (!vms.isEmpty()) {
            throw ArmException.badRequest("NicInUse", "Network Interface " + resource.id + " is used by existing resource "
                    + vms.getFirst().id + ". In order to delete the network interface, it must be dissociated from the "
                    + "resource. To learn more, see aka.ms/deletenic.");
        }
    }
}
