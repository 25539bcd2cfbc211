package io.dockyard.azure;

/**
 * An ensured or observed VM: its Azure-assigned vmId, size, power state and OS disk size in GiB (0 when Azure has
 * not said yet).
 */
public record VirtualMachine(Ensured ensured, String vmId, String size, PowerState powerState, int osDiskSizeGb) {
}
