package io.dockyard.simulator.internal.engine;

import java.net.InetAddress;
import java.util.List;

/**
 * Everything needed to start one engine: whose it is, where its TCP endpoint goes, the daemon
 * configuration the VM's payload wrote, and extra dockerd flags (the legacy extension's options).
 *
 * @param address where the TCP endpoint binds; null when the VM has no public address
 */
record EngineSpec(String extensionKey, String vmName, String vmId, InetAddress address, Sandbox sandbox,
                  DaemonConfig config, List<String> extraFlags) {

    EngineSpec {
        extraFlags = List.copyOf(extraFlags);
    }

    String addressText() {
        return address == null ? null : address.getHostAddress();
    }

    /** The TCP endpoint as "host:port" with IPv6 hosts bracketed, for messages and dockerd's hosts. */
    String endpoint() {
        String host = addressText();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + config.tcpPort();
    }
}
