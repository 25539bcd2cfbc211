package io.dockyard.azure;

/** An ensured public IP with the address and FQDN Azure assigned (null until it has them). */
public record PublicIp(Ensured ensured, String ipAddress, String fqdn) {
}
