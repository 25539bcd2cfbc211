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
        // The configuration marked primary, else the first, is the primary one; each says whether it is.
        int primary = 0;
        for (int i = 0; i < configurations.size(); i++) {
            if (configurations.get(i).path("properties").path("primary").asBoolean(false)) {
                primary = i;
            }
        }
        // A configuration that names no subnet is placed in the primary one's: all of a NIC's are in one VNet.
        String primarySubnetId = idOf(configurations.get(primary).path("properties").get("subnet"));
        List<String> references = new ArrayList<>();
        List<Cidr> taken = new ArrayList<>();
        ArrayNode stored = Json.array();
        for (int i = 0; i < configurations.size(); i++) {
            JsonNode configuration = configurations.get(i);
            String name = Json.text(configuration, "name");
            if (name == null) {
                throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: an IP configuration has no name.");
            }
            JsonNode p = configuration.path("properties");
            String subnetId = idOf(p.get("subnet"));
            if (subnetId == null) {
                subnetId = primarySubnetId;
            }
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
            Json.objectAt(cp, "subnet").put("id", subnetId);
            cp.putIfAbsent("privateIPAllocationMethod", StringNode.valueOf("Dynamic"));
            cp.putIfAbsent("privateIPAddressVersion", StringNode.valueOf("IPv4"));
            cp.put("primary", i == primary);
            Cidr address = address(cloud, resource, subnet, name, cp, taken);
            taken.add(address);
            cp.put("privateIPAddress", address.bits() == 32 ? address.address(0) : address.address(0) + "/" + address.bits());
            if (i == primary) {
                resource.privateIp = address.address(0);
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
        }
        List<Resource> vms = cloud.referrers(resource, "microsoft.compute/virtualmachines");
        if (!vms.isEmpty()) {
            properties.putObject("virtualMachine").put("id", vms.getFirst().id);
            properties.put("primary", true);
            properties.put("macAddress", mac(resource));
        }
    }

    /**
     * The address (a /32) or, with {@code privateIPAddressPrefixLength}, the block of addresses a configuration gets:
     * the one asked for when static, else the one it already had in that subnet, else the first free one from .4 up
     * (Azure keeps the first four and the last address of a subnet).
     */
    private static Cidr address(Cloud cloud, Resource nic, Resource subnet, String name, ObjectNode configuration,
                                List<Cidr> alsoTaken) {
        Cidr range = cloud.kind(Subnets.class).prefix(subnet);
        List<Cidr> taken = new ArrayList<>(alsoTaken);
        for (Resource other : cloud.referrers(subnet, "microsoft.network/networkinterfaces")) {
            if (!other.key.equals(nic.key)) {
                taken.addAll(addresses(other, subnet));
            }
        }
        String requested = Json.text(configuration, "privateIPAddress");
        if ("Static".equalsIgnoreCase(Json.text(configuration, "privateIPAllocationMethod")) && requested != null) {
            Cidr wanted = Cidr.parse(requested.contains("/") ? requested : requested + "/32");
            if (wanted == null || !range.contains(wanted)) {
                throw ArmException.badRequest("PrivateIPAddressNotInSubnet", "IP configuration " + nic.id + "/ipConfigurations/"
                        + name + " references the private IP address " + requested + " which is not in subnet " + subnet.id + ".");
            }
            if (taken.stream().anyMatch(wanted::overlaps)) {
                throw ArmException.badRequest("PrivateIPAddressInUse", "IP configuration " + nic.id + "/ipConfigurations/"
                        + name + " is using the private IP address " + requested + " which is already allocated to another "
                        + "resource in subnet " + subnet.id + ".");
            }
            return wanted;
        }
        JsonNode length = configuration.get("privateIPAddressPrefixLength");
        int bits = length == null || length.isNull() ? 32 : length.asInt();
        if (bits < range.bits() || bits > 32) {
            throw ArmException.badRequest("InvalidPrivateIPAddressPrefixLength", "IP configuration " + nic.id
                    + "/ipConfigurations/" + name + " asks for a prefix length of " + length + ", which does not fit subnet "
                    + subnet.id + ".");
        }
        for (JsonNode previous : nic.body.path("properties").path("ipConfigurations")) {
            Cidr had = parseAddress(Json.text(previous, "properties", "privateIPAddress"));
            if (name.equalsIgnoreCase(Json.text(previous, "name")) && had != null && had.bits() == bits
                    && range.contains(had) && taken.stream().noneMatch(had::overlaps)) {
                return had;
            }
        }
        long size = 1L << (32 - bits);
        for (long offset = (4 + size - 1) / size * size; offset + size <= range.size() - 1; offset += size) {
            Cidr candidate = Cidr.parse(range.address(offset) + "/" + bits);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw ArmException.badRequest("SubnetIsFull", "Subnet " + subnet.name() + " with address prefix "
                + range.address(0) + "/" + range.bits() + " does not have enough capacity for " + size + " IP addresses.");
    }

    /** The addresses and blocks a NIC holds in a subnet. */
    private static List<Cidr> addresses(Resource nic, Resource subnet) {
        List<Cidr> held = new ArrayList<>();
        for (JsonNode configuration : nic.body.path("properties").path("ipConfigurations")) {
            Cidr address = parseAddress(Json.text(configuration, "properties", "privateIPAddress"));
            String subnetId = Json.text(configuration, "properties", "subnet", "id");
            if (address != null && subnet.key.equalsIgnoreCase(subnetId)) {
                held.add(address);
            }
        }
        return held;
    }

    private static Cidr parseAddress(String text) {
        return text == null ? null : Cidr.parse(text.contains("/") ? text : text + "/32");
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
