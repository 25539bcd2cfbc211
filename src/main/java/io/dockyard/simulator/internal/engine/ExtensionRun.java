package io.dockyard.simulator.internal.engine;

import java.net.InetAddress;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One application of a VM extension as the simulated ARM sees it: which extension (keys are the
 * lower-cased ARM ids), which VM and where it is reachable, and the handler's payload. Carrying the
 * VM's facts here keeps this package free of the simulator's resource model.
 *
 * @param publicAddress the VM's public IP (a loopback address in the simulator); null if it has none
 * @param settings the public settings; may be null or a missing node
 * @param protectedSettings the protected settings; may be null or a missing node
 */
public record ExtensionRun(String extensionKey, String vmKey, String vmName, String vmId, InetAddress publicAddress,
                           String fqdn, String privateIp, String publisher, String type, String typeHandlerVersion,
                           JsonNode settings, JsonNode protectedSettings) {

    public ExtensionRun {
        Objects.requireNonNull(extensionKey, "extensionKey");
        Objects.requireNonNull(vmKey, "vmKey");
    }
}
