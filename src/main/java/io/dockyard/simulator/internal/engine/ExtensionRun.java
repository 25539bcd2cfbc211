package io.dockyard.simulator.internal.engine;

/** STUB until the engine package lands. */
public record ExtensionRun(String extensionKey, String vmKey, String vmName, String vmId, java.net.InetAddress publicAddress,
                           String fqdn, String privateIp, String publisher, String type, String typeHandlerVersion,
                           tools.jackson.databind.JsonNode settings, tools.jackson.databind.JsonNode protectedSettings) {
}
