package io.dockyard.azure.internal;

/** ARM resource ids built from their parts, so a write can report the id before Azure answers a GET. */
final class Ids {

    private Ids() {
    }

    static String of(String subscription, String resourceGroup, String type, String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/" + type + "/" + name;
    }

    static String resourceGroupOf(String id) {
        String[] parts = id.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equalsIgnoreCase("resourceGroups")) {
                return parts[i + 1];
            }
        }
        return null;
    }

    static boolean same(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
