package io.dockyard.bootstrap.internal;

import io.dockyard.bootstrap.BootstrapProperties;
import io.dockyard.bootstrap.BootstrapSettings;
import io.dockyard.bootstrap.ExtensionPayload;
import io.dockyard.bootstrap.RegistryLogin;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy payload: Azure's retired DockerExtension (1.x) with its own settings schema, for
 * fidelity with the seed and clouds that still host it. Public: {@code docker.port},
 * {@code docker.options} (dockerd flags), {@code compose} (the Compose file as JSON),
 * {@code azure-environment}. Protected: {@code certs.ca/cert/key} (base64 PEM; ca is the host's
 * client CA, cert and key dockerd's pair), {@code login}, {@code environment}.
 *
 * <p>What the schema cannot say is refused, not approximated: a version pin (the extension always
 * installed the newest Docker), more than one registry login, and daemon settings without a flag.
 */
public final class DockerExtensionPayload {

    static final String PUBLISHER = "Microsoft.Azure.Extensions";
    static final String TYPE = "DockerExtension";

    private final String name;
    private final String version;
    private final String azureEnvironment;

    public DockerExtensionPayload(BootstrapProperties properties) {
        this.name = properties.extensionName();
        this.version = properties.dockerExtensionVersion();
        this.azureEnvironment = properties.azureEnvironment();
    }

    public ExtensionPayload build(BootstrapSettings host) {
        if (host.engineVersion() != null) {
            throw new IllegalArgumentException("host " + host.hostId() + " pins Docker Engine " + host.engineVersion()
                    + ", but the DockerExtension always installs the newest; use dockyard.bootstrap.mode=custom-script");
        }
        if (host.registryLogins().size() > 1) {
            throw new IllegalArgumentException("host " + host.hostId() + " has " + host.registryLogins().size()
                    + " registry logins, but the DockerExtension takes one; use dockyard.bootstrap.mode=custom-script");
        }
        Map<String, Object> docker = new LinkedHashMap<>();
        docker.put("port", Integer.toString(host.port()));
        List<String> options = DockerdFlags.of(host.daemonConfig());
        if (!options.isEmpty()) {
            docker.put("options", options);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("docker", docker);
        if (host.compose() != null) {
            settings.put("compose", ComposeYaml.toJson(host.compose()));
        }
        settings.put("azure-environment", azureEnvironment);

        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("certs", Map.of(
                "ca", base64(host.clientCaPem()),
                "cert", base64(host.serverCertificatePem()),
                "key", base64(host.serverKeyPem())));
        if (!host.registryLogins().isEmpty()) {
            secrets.put("login", login(host.registryLogins().getFirst()));
        }
        if (!host.environment().isEmpty()) {
            secrets.put("environment", host.environment());
        }

        Map<String, Object> content = new LinkedHashMap<>();
        content.put("publisher", PUBLISHER);
        content.put("type", TYPE);
        content.put("typeHandlerVersion", version);
        content.put("autoUpgradeMinorVersion", true);
        content.put("settings", settings);
        content.put("protectedSettings", secrets);
        return new ExtensionPayload(name, PUBLISHER, TYPE, version, true, settings, secrets,
                PayloadTag.of(host.serverKeyPem(), content));
    }

    private static Map<String, Object> login(RegistryLogin login) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (login.server() != null) {
            fields.put("server", login.server());
        }
        fields.put("username", login.username());
        fields.put("password", login.password());
        return fields;
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
