package io.dockyard.reconciler.internal;

import java.util.Locale;
import java.util.UUID;

/**
 * Azure names for one host's resources. Everything lives in a resource group named after the host id, so names
 * inside it can be short and fixed, and deleting the group deletes the host. The DNS label joins the host's name
 * with the random tail of its id: readable, and unique within a region.
 */
record HostNaming(UUID hostId, String hostName) {

    String resourceGroup() {
        return "dockyard-" + hostId;
    }

    String securityGroup() {
        return "nsg";
    }

    String network() {
        return "vnet";
    }

    String subnet() {
        return "hosts";
    }

    String publicIp() {
        return "pip";
    }

    String networkInterface() {
        return "nic";
    }

    String virtualMachine() {
        return hostName;
    }

    String dnsLabel() {
        String id = hostId.toString().replace("-", "");
        return (hostName + "-" + id.substring(id.length() - 8)).toLowerCase(Locale.ROOT);
    }
}
