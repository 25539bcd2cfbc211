package io.dockyard.azure;

/** An ensured or observed VM: its Azure-assigned vmId, size and power state. */
public record VirtualMachine(Ensured ensured, String vmId, String size, PowerState powerState) {
}
