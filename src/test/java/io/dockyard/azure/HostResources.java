package io.dockyard.azure;

import java.util.List;
import java.util.Map;

import io.dockyard.support.SshKeys;

/** The specs of one host's resources, named the way the reconciler will name them, for adapter tests. */
record HostResources(String hostId, String group, Ownership owner, String location, String subscriptionId) {

    static HostResources of(String hostId, String subscriptionId) {
        return new HostResources(hostId, "dockyard-" + hostId, new Ownership(hostId, "team-a", Map.of("cost-center", "42")),
                "eastus", subscriptionId);
    }

    ResourceGroupSpec resourceGroup() {
        return new ResourceGroupSpec(group, location, owner);
    }

    SecurityGroupSpec securityGroup(List<String> sources) {
        return new SecurityGroupSpec(group, "nsg", location, owner, List.of(new InboundRule("docker-tls", 100, 2376, sources)));
    }

    String securityGroupId() {
        return id("Microsoft.Network/networkSecurityGroups", "nsg");
    }

    NetworkSpec network() {
        return new NetworkSpec(group, "vnet", location, owner, "10.0.0.0/24", "hosts", "10.0.0.0/27", securityGroupId());
    }

    PublicIpSpec publicIp() {
        return new PublicIpSpec(group, "ip", location, owner, "dy-" + hostId);
    }

    NetworkInterfaceSpec networkInterface() {
        return new NetworkInterfaceSpec(group, "nic", location, owner,
                id("Microsoft.Network/virtualNetworks", "vnet") + "/subnets/hosts",
                id("Microsoft.Network/publicIPAddresses", "ip"), securityGroupId());
    }

    VirtualMachineSpec virtualMachine(String size) {
        return new VirtualMachineSpec(group, "vm", location, owner, size,
                new ImageReference("Canonical", "ubuntu-24_04-lts", "server", "latest"), 64, "dockyard",
                List.of(SshKeys.ed25519()), id("Microsoft.Network/networkInterfaces", "nic"));
    }

    ExtensionSpec extension(String tag) {
        return new ExtensionSpec(group, "vm", "dockyard-docker", location, owner, "Contoso.Test", "NoEffect", "1.0", true,
                Map.of("note", "public"), Map.of("secret", "s3cr3t-value"), tag);
    }

    String id(String type, String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + group + "/providers/" + type + "/" + name;
    }
}
