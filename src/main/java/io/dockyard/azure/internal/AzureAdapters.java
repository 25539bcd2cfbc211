package io.dockyard.azure.internal;

import io.dockyard.azure.AzureConnection;
import io.dockyard.azure.AzureProperties;
import io.dockyard.azure.AzureResources;

/**
 * Builds the adapter outside Spring — for tests and tools that talk to a simulator directly. Public only so the
 * module's entry point {@link io.dockyard.azure.Azure} can reach it.
 */
public final class AzureAdapters {

    private AzureAdapters() {
    }

    public static AzureResources forEndpoint(AzureConnection connection, AzureProperties properties) {
        return new ArmAdapter(AzureClientFactory.forEndpoint(connection, properties));
    }
}
