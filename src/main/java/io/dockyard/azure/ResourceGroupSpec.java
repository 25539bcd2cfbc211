package io.dockyard.azure;

/** A host's resource group: everything of the host lives in it, so deleting it deletes the host's resources. */
public record ResourceGroupSpec(String name, String location, Ownership owner) {
}
