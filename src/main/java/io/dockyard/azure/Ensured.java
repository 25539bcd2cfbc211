package io.dockyard.azure;

/**
 * The outcome of one ensure: the resource id, what Azure reports about it, whether this call wrote to Azure, and
 * the failure Azure recorded when the state is FAILED.
 */
public record Ensured(String id, ResourceState state, boolean wrote, AzureError failure) {

    public boolean ready() {
        return state == ResourceState.SUCCEEDED;
    }
}
