package io.dockyard.azure;

/** A host's public IP: static, Standard SKU, with a DNS label that gives the host its FQDN. */
public record PublicIpSpec(String resourceGroup, String name, String location, Ownership owner, String dnsLabel) {
}
