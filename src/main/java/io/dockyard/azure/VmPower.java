package io.dockyard.azure;

/** One VM's power and provisioning state, as the subscription-wide status listing returns it. */
public record VmPower(String id, String name, String resourceGroup, ResourceState state, PowerState powerState,
                      String hostId) {
}
