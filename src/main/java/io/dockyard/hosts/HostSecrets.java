package io.dockyard.hosts;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A host's write-only values, decrypted for the one consumer that needs them: the payload that installs Docker
 * on the VM. They must travel only in an extension's protected settings; {@link #toString()} names the
 * registries and variables but never prints a value, so logging a claim cannot leak them.
 *
 * @param registryPasswords password by registry server, keyed exactly as the server appears in the spec
 * @param environment value by environment variable name
 */
public record HostSecrets(Map<String, String> registryPasswords, Map<String, String> environment) {

    public HostSecrets {
        registryPasswords = Collections.unmodifiableMap(new TreeMap<>(registryPasswords == null ? Map.of()
                : registryPasswords));
        environment = Collections.unmodifiableMap(new TreeMap<>(environment == null ? Map.of() : environment));
    }

    public static HostSecrets none() {
        return new HostSecrets(Map.of(), Map.of());
    }

    /**
     * The password for a registry login of the spec. Empty only if the store lost it, which validation
     * otherwise prevents.
     */
    public Optional<String> registryPassword(String server) {
        return Optional.ofNullable(registryPasswords.get(server));
    }

    @Override
    public String toString() {
        return "HostSecrets[registryPasswords for " + registryPasswords.keySet() + ", environment "
                + environment.keySet() + " (values redacted)]";
    }
}
