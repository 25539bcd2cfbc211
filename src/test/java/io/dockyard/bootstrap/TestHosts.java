package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host settings for this module's tests, with secrets that would break naive quoting (quotes,
 * {@code $(...)}, backslashes, percent signs, newlines) so that a test fails if one is ever
 * spliced into shell, a unit file or an env file as is.
 */
public final class TestHosts {

    public static final String HOST_ID = "0193f1c2-7a4b-7c8d-9e0f-123456789abc";
    public static final String REGISTRY_PASSWORD = "pa$$w0rd'\"`id`$(touch pwned)\\%n-registry-secret";
    public static final String HUB_PASSWORD = "hub-token-SECRET-42";
    public static final String PROXY_VALUE = "http://proxy-user:pr%40xy-SECRET@proxy.internal:3128";
    public static final String DB_VALUE = "it's a \"db\" SECRET with $HOME and `uname`\nsecond line";
    public static final String COMPOSE = """
            services:
              web:
                image: nginx:1.27
                ports:
                  - "8080:80"
                environment:
                  DB_PASSWORD: ${DB_PASSWORD}
            """;

    private static TestCertificates.Issued clientCa;
    private static TestCertificates.Issued serverCa;

    private TestHosts() {
    }

    /** The host's client CA: dockerd accepts client certificates it signed. */
    public static synchronized TestCertificates.Issued clientCa() {
        if (clientCa == null) {
            clientCa = TestCertificates.ca("test host client CA");
        }
        return clientCa;
    }

    /** The CA that signs server certificates; clients trust it. */
    public static synchronized TestCertificates.Issued serverCa() {
        if (serverCa == null) {
            serverCa = TestCertificates.ca("test server CA");
        }
        return serverCa;
    }

    public static TestCertificates.Issued server(String address) {
        return TestCertificates.server(serverCa(), address);
    }

    /** Only what every host has: port and certificates. */
    public static BootstrapSettings minimal(TestCertificates.Issued server) {
        return new BootstrapSettings(HOST_ID, 2376, null, Map.of(), List.of(), Map.of(), null,
                clientCa().certificatePem(), server.certificatePem(), server.keyPem());
    }

    /** Every setting at once. */
    public static BootstrapSettings full(TestCertificates.Issued server) {
        return new BootstrapSettings(HOST_ID, 2376, "27.5.1", daemonConfig(), logins(), environment(), COMPOSE,
                clientCa().certificatePem(), server.certificatePem(), server.keyPem());
    }

    public static Map<String, Object> daemonConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("log-driver", "json-file");
        config.put("log-opts", Map.of("max-size", "10m", "max-file", "3"));
        config.put("labels", List.of("team=payments", "env=prod"));
        config.put("live-restore", true);
        config.put("tlsverify", false);
        config.put("hosts", List.of("tcp://0.0.0.0:2375"));
        return config;
    }

    public static List<RegistryLogin> logins() {
        return List.of(new RegistryLogin("registry.example.com", "alice", REGISTRY_PASSWORD),
                new RegistryLogin(null, "bob", HUB_PASSWORD));
    }

    public static Map<String, String> environment() {
        return Map.of("HTTPS_PROXY", PROXY_VALUE, "DB_PASSWORD", DB_VALUE);
    }

    /** Strings that must never appear in logs, outputs or public settings. */
    public static List<String> secrets(TestCertificates.Issued server) {
        String keyBody = server.keyPem().lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        return List.of(REGISTRY_PASSWORD, HUB_PASSWORD, "pr%40xy-SECRET", "db\" SECRET", keyBody);
    }

    public static BootstrapSettings with(BootstrapSettings host, Map<String, Object> daemonConfig,
                                         List<RegistryLogin> logins, Map<String, String> environment, String compose) {
        return new BootstrapSettings(host.hostId(), host.port(), host.engineVersion(), daemonConfig, logins, environment,
                compose, host.clientCaPem(), host.serverCertificatePem(), host.serverKeyPem());
    }
}
