package io.dockyard.azure;

/** An ensured NIC with its private address. */
public record NetworkInterface(Ensured ensured, String privateIp) {
}
