package io.dockyard.azure.internal;


import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Counts what Dockyard asks of Resource Manager: {@code dockyard_arm_requests_total} by method, resource type and
 * status, so an on-call engineer sees throttling (status 429) and failures per kind of resource.
 */
final class ArmCallMetrics {

    private final MeterRegistry registry;

    ArmCallMetrics(MeterRegistry registry) {
        this.registry = registry == null ? Metrics.globalRegistry : registry;
    }

    void record(String method, String path, int status) {
        registry.counter("dockyard.arm.requests", "method", method, "type", resourceType(path),
                "status", String.valueOf(status)).increment();
    }

    /** {@code Microsoft.Compute/virtualMachines} from an ARM path; the ids and names are left out (cardinality). */
    static String resourceType(String path) {
        String[] parts = path.split("/");
        int providers = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("providers")) {
                providers = i;
            }
        }
        if (providers < 0 || providers + 2 >= parts.length) {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].equalsIgnoreCase("resourcegroups")) {
                    return "Microsoft.Resources/resourceGroups";
                }
            }
            return parts.length > 3 && !parts[3].isEmpty() ? "Microsoft.Resources/" + parts[3] : "Microsoft.Resources/subscriptions";
        }
        StringBuilder type = new StringBuilder(parts[providers + 1]);
        for (int i = providers + 2; i < parts.length; i += 2) {
            type.append('/').append(parts[i]);
        }
        return type.toString();
    }
}
