package io.dockyard.azure;

import java.time.Duration;

import io.dockyard.azure.internal.AzureAdapters;

/** Entry points for code that needs the adapter without Spring: tests and tools pointed at a simulator. */
public final class Azure {

    private Azure() {
    }

    /** The adapter for an explicit endpoint (a simulator), with the given budget. */
    public static AzureResources connect(AzureConnection connection, AzureProperties.Budget budget, Duration responseTimeout) {
        AzureProperties properties = new AzureProperties(true, "AzureCloud", connection.subscriptionId(),
                connection.tenantId(), connection.endpoint(), connection.trustedCa(), responseTimeout, budget);
        return AzureAdapters.forEndpoint(connection, properties);
    }

    /** ARM's budget at the default 80 % share. */
    public static AzureProperties.Budget defaultBudget() {
        return new AzureProperties.Budget(true, 0.8, 1.0, Duration.ofSeconds(10), 0.1);
    }
}
