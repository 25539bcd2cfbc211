package io.dockyard.simulator.internal;

import java.util.List;
import java.util.Locale;

/**
 * A resource id taken apart: subscription, resource group, provider namespace and the type/name pairs under it
 * ({@code virtualMachines/vm1/extensions/ext1}). ARM ids compare without regard to case, so the key is lower case.
 */
record ResourcePath(String subscription, String resourceGroup, String namespace, List<String> types, List<String> names) {

    /** The full type, e.g. {@code Microsoft.Compute/virtualMachines/extensions}, in the casing of the request. */
    String type() {
        return namespace + "/" + String.join("/", types);
    }

    String typeKey() {
        return type().toLowerCase(Locale.ROOT);
    }

    String name() {
        return names.getLast();
    }

    boolean isChild() {
        return types.size() > 1;
    }

    ResourcePath parent() {
        return new ResourcePath(subscription, resourceGroup, namespace, types.subList(0, types.size() - 1),
                names.subList(0, names.size() - 1));
    }

    String id() {
        StringBuilder id = new StringBuilder("/subscriptions/").append(subscription).append("/resourceGroups/")
                .append(resourceGroup).append("/providers/").append(namespace);
        for (int i = 0; i < types.size(); i++) {
            id.append('/').append(types.get(i)).append('/').append(names.get(i));
        }
        return id.toString();
    }

    String key() {
        return id().toLowerCase(Locale.ROOT);
    }

    static String groupKey(String subscription, String resourceGroup) {
        return (subscription + "/" + resourceGroup).toLowerCase(Locale.ROOT);
    }

    /** Parses a full resource id as it appears in request bodies; null when it is not one. */
    static ResourcePath parse(String id) {
        if (id == null) {
            return null;
        }
        String[] parts = id.split("/");
        // "", subscriptions, s, resourceGroups, rg, providers, ns, type, name[, type, name]...
        if (parts.length < 9 || !parts[0].isEmpty() || !parts[1].equalsIgnoreCase("subscriptions")
                || !parts[3].equalsIgnoreCase("resourceGroups") || !parts[5].equalsIgnoreCase("providers")
                || (parts.length - 7) % 2 != 0) {
            return null;
        }
        List<String> types = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 7; i < parts.length; i += 2) {
            types.add(parts[i]);
            names.add(parts[i + 1]);
        }
        return new ResourcePath(parts[2], parts[4], parts[6], List.copyOf(types), List.copyOf(names));
    }
}
