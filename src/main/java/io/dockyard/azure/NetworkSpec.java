package io.dockyard.azure;

/** A host's virtual network with its one subnet, which the host's NSG guards. */
public record NetworkSpec(String resourceGroup, String name, String location, Ownership owner, String addressSpace,
                          String subnetName, String subnetPrefix, String securityGroupId) {
}
