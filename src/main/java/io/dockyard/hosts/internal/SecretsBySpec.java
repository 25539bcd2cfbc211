package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostSecrets;
import io.dockyard.hosts.HostSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts a host's decrypted values under the names the spec uses: registry passwords by the server as written
 * in the spec (stored under its lower-case form), environment values by variable name. Stored values the spec
 * no longer names are left out.
 */
final class SecretsBySpec {

    private SecretsBySpec() {
    }

    static HostSecrets of(HostSpec spec, Map<String, String> byStoredName) {
        Map<String, String> registries = new HashMap<>();
        for (HostSpec.RegistryLogin login : spec.docker().registryLogins()) {
            String password = byStoredName.get(SecretNames.registry(login.server()));
            if (password != null) {
                registries.put(login.server(), password);
            }
        }
        Map<String, String> environment = new HashMap<>();
        for (String name : spec.docker().environment()) {
            String value = byStoredName.get(SecretNames.environment(name));
            if (value != null) {
                environment.put(name, value);
            }
        }
        return new HostSecrets(registries, environment);
    }
}
