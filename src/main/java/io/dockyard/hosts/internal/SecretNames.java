package io.dockyard.hosts.internal;

import java.util.Locale;

/**
 * Names under which a host's secret values are stored: one per registry server and one per
 * environment variable. The name is also the encryption context, so values cannot be swapped.
 */
final class SecretNames {

    private SecretNames() {
    }

    static String registry(String server) {
        return "registry/" + server.toLowerCase(Locale.ROOT);
    }

    static String environment(String name) {
        return "env/" + name;
    }
}
