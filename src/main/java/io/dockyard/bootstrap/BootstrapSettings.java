package io.dockyard.bootstrap;

import io.dockyard.bootstrap.internal.JsonValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything about one host that its Docker install payload needs, in plain types. The reconciler
 * assembles it from the host's spec, its decrypted secrets and the certificates the PKI issued, so
 * this module needs none of those modules. Values are checked here, once, so that a payload can
 * always be rendered from a settings object that exists; {@link #toString()} prints no secret.
 *
 * @param hostId the host's id; letters, digits, '.', '_' and '-' (a UUID fits)
 * @param port the TCP port dockerd serves TLS on
 * @param engineVersion Docker Engine release to pin, e.g. {@code 27.5.1}; null for the newest
 * @param daemonConfig the user's daemon.json settings (JSON values: String, Number, Boolean, null,
 *     List, Map with String keys); keys Dockyard owns are overridden
 * @param registryLogins registries to log in to, in order
 * @param environment variables for dockerd and for Compose; names are shell identifiers, values are secret
 * @param compose Compose YAML to bring up after the engine; null for none
 * @param clientCaPem the host's client CA: dockerd accepts clients whose certificate it signed
 * @param serverCertificatePem dockerd's certificate (chain), PEM
 * @param serverKeyPem dockerd's private key, unencrypted PKCS#8 PEM
 */
public record BootstrapSettings(
        String hostId,
        int port,
        String engineVersion,
        Map<String, Object> daemonConfig,
        List<RegistryLogin> registryLogins,
        Map<String, String> environment,
        String compose,
        String clientCaPem,
        String serverCertificatePem,
        String serverKeyPem) {

    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENGINE_VERSION = Pattern.compile("\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public BootstrapSettings {
        Objects.requireNonNull(hostId, "hostId");
        if (!HOST_ID.matcher(hostId).matches()) {
            throw new IllegalArgumentException("hostId must be 1-64 letters, digits, '.', '_' or '-': " + hostId);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        engineVersion = engineVersion == null || engineVersion.isBlank() ? null : engineVersion.strip();
        if (engineVersion != null && !ENGINE_VERSION.matcher(engineVersion).matches()) {
            throw new IllegalArgumentException("engineVersion must be a Docker Engine release like 27.5.1, got " + engineVersion);
        }
        daemonConfig = daemonConfig == null ? Map.of() : JsonValues.copyObject(daemonConfig, "daemonConfig");
        registryLogins = registryLogins == null ? List.of() : List.copyOf(registryLogins);
        environment = copyEnvironment(environment);
        compose = compose == null || compose.isBlank() ? null : compose;
        clientCaPem = requirePem(clientCaPem, "clientCaPem", "CERTIFICATE");
        serverCertificatePem = requirePem(serverCertificatePem, "serverCertificatePem", "CERTIFICATE");
        serverKeyPem = requirePem(serverKeyPem, "serverKeyPem", "PRIVATE KEY");
        if (serverKeyPem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException("serverKeyPem is encrypted; dockerd only reads unencrypted keys");
        }
    }

    private static Map<String, String> copyEnvironment(Map<String, String> environment) {
        if (environment == null) {
            return Map.of();
        }
        Map<String, String> sorted = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name == null || !VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("environment variable name must be a shell identifier: " + name);
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + name + " has no value or a NUL character");
            }
            sorted.put(name, value);
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    private static String requirePem(String pem, String name, String label) {
        Objects.requireNonNull(pem, name);
        if (!pem.contains("-----BEGIN ") || !pem.contains(label + "-----")) {
            throw new IllegalArgumentException(name + " must be PEM text holding a " + label);
        }
        return pem.endsWith("\n") ? pem : pem + "\n";
    }

    @Override
    public String toString() {
        return "BootstrapSettings[hostId=" + hostId + ", port=" + port
                + ", engineVersion=" + (engineVersion == null ? "(newest)" : engineVersion)
                + ", daemonConfig=" + daemonConfig
                + ", registryLogins=" + registryLogins
                + ", environment=" + environment.keySet()
                + ", compose=" + (compose == null ? "(none)" : "(" + compose.length() + " characters)")
                + ", clientCaPem=(certificate), serverCertificatePem=(certificate), serverKeyPem=(redacted)]";
    }
}
