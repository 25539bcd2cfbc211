package io.dockyard.bootstrap.internal;

import io.dockyard.bootstrap.BootstrapProperties;
import io.dockyard.bootstrap.BootstrapSettings;
import io.dockyard.bootstrap.RegistryLogin;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The shell script that installs and configures Docker on one host, from the template
 * {@code install-docker.sh}. Every file the script writes is rendered here, in Java, and handed to
 * the script as base64; the script only decodes, compares and moves files, so what a host gets can
 * be tested without running it.
 */
public final class InstallScript {

    private static final ScriptTemplate TEMPLATE = ScriptTemplate.load("/io/dockyard/bootstrap/install-docker.sh");

    private final String aptRepository;
    private final long engineWaitSeconds;

    public InstallScript(BootstrapProperties properties) {
        this.aptRepository = properties.dockerAptRepository();
        this.engineWaitSeconds = properties.engineWait().toSeconds();
    }

    public String render(BootstrapSettings host) {
        Map<String, String> values = new HashMap<>();
        values.put("HOST_ID", host.hostId());
        values.put("PORT", Integer.toString(host.port()));
        values.put("ENGINE_VERSION", host.engineVersion() == null ? "" : host.engineVersion());
        values.put("APT_REPOSITORY", aptRepository);
        values.put("ENGINE_WAIT", Long.toString(engineWaitSeconds));
        values.put("CLIENT_CA_PEM", base64(host.clientCaPem()));
        values.put("SERVER_CERT_PEM", base64(host.serverCertificatePem()));
        values.put("SERVER_KEY_PEM", base64(host.serverKeyPem()));
        values.put("DAEMON_JSON", base64(DaemonJson.render(host.daemonConfig(), host.port())));
        values.put("DROP_IN", base64(SystemdDropIn.render(host.environment())));
        values.put("COMPOSE_YAML", host.compose() == null ? "" : base64(host.compose()));
        values.put("COMPOSE_ENV", host.environment().isEmpty() ? "" : base64(ComposeEnvFile.render(host.environment())));
        values.put("REGISTRY_LOGINS", host.registryLogins().isEmpty() ? "" : base64(logins(host)));
        return TEMPLATE.render(values);
    }

    /** One line per login, "SERVER USERNAME PASSWORD", each field base64 and "-" for Docker Hub. */
    private static String logins(BootstrapSettings host) {
        StringBuilder lines = new StringBuilder();
        for (RegistryLogin login : host.registryLogins()) {
            lines.append(login.server() == null ? "-" : base64(login.server())).append(' ')
                    .append(base64(login.username())).append(' ')
                    .append(base64(login.password())).append('\n');
        }
        return lines.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
