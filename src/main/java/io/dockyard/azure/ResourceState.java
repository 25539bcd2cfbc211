package io.dockyard.azure;

/**
 * What Azure reports about a resource on observation: done, still working (Creating, Updating, Deleting...), or
 * failed. A long operation is never waited on; the caller observes again later.
 */
public enum ResourceState {
    SUCCEEDED, IN_PROGRESS, FAILED;

    /** Maps ARM's provisioningState; a missing one counts as Succeeded, as ARM specifies. */
    public static ResourceState of(String provisioningState) {
        if (provisioningState == null || provisioningState.equalsIgnoreCase("Succeeded")) {
            return SUCCEEDED;
        }
        if (provisioningState.equalsIgnoreCase("Failed") || provisioningState.equalsIgnoreCase("Canceled")) {
            return FAILED;
        }
        return IN_PROGRESS;
    }
}
