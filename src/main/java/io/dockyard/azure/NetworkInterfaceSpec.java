package io.dockyard.azure;

/** A host's NIC in its subnet, carrying its public IP and its NSG. */
public record NetworkInterfaceSpec(String resourceGroup, String name, String location, Ownership owner, String subnetId,
                                   String publicIpId, String securityGroupId) {
}
