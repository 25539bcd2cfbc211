package io.dockyard.simulator.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The api-versions each simulated provider answers. The newest is what the pinned Azure SDK sends; a few older ones
 * are accepted because ARM keeps serving them. Anything else is refused the way ARM refuses it, so an adapter that
 * drifts to another version is caught here rather than in Azure.
 */
final class ApiVersions {

    private static final Map<String, List<String>> SUPPORTED = Map.of(
            "microsoft.compute", List.of("2025-04-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01"),
            "microsoft.network", List.of("2024-10-01", "2024-07-01", "2024-05-01", "2024-03-01", "2024-01-01"),
            "microsoft.resources", List.of("2025-04-01", "2024-11-01", "2024-07-01", "2024-03-01", "2022-09-01", "2021-04-01"),
            "subscriptions", List.of("2022-12-01", "2021-01-01", "2020-01-01", "2016-06-01"));

    private ApiVersions() {
    }

    static void check(String namespace, String type, String apiVersion, String location) {
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new ArmException(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        List<String> supported = SUPPORTED.get(namespace.toLowerCase(Locale.ROOT));
        if (supported == null || supported.contains(apiVersion)) {
            return;
        }
        if (type == null) {
            throw new ArmException(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + String.join(",", supported) + "'.");
        }
        throw new ArmException(400, "NoRegisteredProviderFound", "No registered resource provider found for location '"
                + (location == null ? "global" : location) + "' and API version '" + apiVersion + "' for type '" + type
                + "'. The supported api-versions are '" + String.join(", ", supported) + "'.");
    }
}
