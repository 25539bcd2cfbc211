package io.dockyard.azure;

import java.util.Map;

/** A resource carrying {@code managed-by=dockyard}, as the tag listing returns it, for drift and orphan checks. */
public record ManagedResource(String id, String type, String name, String resourceGroup, String location,
                              Map<String, String> tags) {

    public String hostId() {
        return tags.get(Ownership.HOST_ID);
    }
}
