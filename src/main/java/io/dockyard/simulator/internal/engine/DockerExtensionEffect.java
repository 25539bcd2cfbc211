package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy Docker VM extension (1.x), which had no script: it wrote the given certificates to
 * /etc/docker, started dockerd with TLS on the given port and logged in to a registry. The
 * simulator does the same in a sandbox, going through a daemon.json so both extensions share one
 * way of starting engines.
 */
final class DockerExtensionEffect {

    private static final int DEFAULT_TLS_PORT = 2376;

    private final EngineSettings settings;
    private final EngineLauncher launcher;

    DockerExtensionEffect(EngineSettings settings, EngineLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    EffectResult run(ExtensionRun run) {
        JsonNode publicSettings = Json.node(run.settings());
        JsonNode secrets = Json.node(run.protectedSettings());
        JsonNode docker = publicSettings.path("docker");
        int port;
        List<String> options;
        try {
            port = port(Json.scalar(docker, "port"));
            options = options(docker.path("options"));
        } catch (IllegalArgumentException e) {
            return EffectResult.failed("Enable failed: " + e.getMessage());
        }
        Sandbox sandbox = Sandbox.create(settings.workDir(), run.vmName());
        JsonNode certs = secrets.path("certs");
        String ca = pem(Json.text(certs, "ca"));
        String cert = pem(Json.text(certs, "cert"));
        String key = pem(Json.text(certs, "key"));
        boolean tls = ca != null && cert != null && key != null;
        int tcpPort = port > 0 ? port : tls ? DEFAULT_TLS_PORT : 0;
        List<String> dropped = new ArrayList<>();
        List<String> flags = settings.mode() == EngineMode.DOCKERD
                ? DockerdConfig.passThroughFlags(options, dropped) : List.of();
        try {
            Files.createDirectories(sandbox.daemonJson().getParent());
            writeSecret(sandbox.vmPath("/etc/docker/ca.pem"), ca);
            writeSecret(sandbox.vmPath("/etc/docker/cert.pem"), cert);
            writeSecret(sandbox.vmPath("/etc/docker/key.pem"), key);
            Files.writeString(sandbox.daemonJson(), daemonJson(tls, tcpPort).toPrettyString());
            Files.writeString(sandbox.simulatorDir().resolve("docker-extension.json"),
                    record(publicSettings, secrets, dropped).toPrettyString());
        } catch (IOException e) {
            return EffectResult.failed("Enable failed: cannot write the extension's files: " + e.getMessage());
        }

        DockerService service = new DockerService(launcher, run, sandbox, flags);
        try {
            service.start();
            login(sandbox, secrets.path("login"));
        } catch (EngineStartException e) {
            service.stop();
            return EffectResult.failed("Enable failed: " + e.getMessage());
        } catch (IOException e) {
            service.stop();
            return EffectResult.failed("Enable failed: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            service.stop();
            throw e;
        }
        String note = dropped.isEmpty() ? "" : " (options managed by the simulator were ignored: " + String.join(" ", dropped) + ")";
        return EffectResult.succeeded("Enable succeeded" + note, service.release());
    }

    private void login(Sandbox sandbox, JsonNode login) throws EngineStartException, IOException {
        String username = Json.text(login, "username");
        String password = Json.text(login, "password");
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return;
        }
        String server = Json.text(login, "server");
        server = server == null || server.isBlank() ? null : server;
        if (settings.mode() == EngineMode.DOCKERD) {
            DockerLogin.perform(sandbox, server, username, password);
        } else {
            DockerLogin.record(sandbox, server, username);
        }
    }

    private static ObjectNode daemonJson(boolean tls, int tcpPort) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        ArrayNode hosts = config.putArray("hosts").add("unix:///var/run/docker.sock");
        if (tcpPort > 0) {
            hosts.add("tcp://0.0.0.0:" + tcpPort);
        }
        if (tls) {
            config.put("tlsverify", true)
                    .put("tlscacert", "/etc/docker/ca.pem")
                    .put("tlscert", "/etc/docker/cert.pem")
                    .put("tlskey", "/etc/docker/key.pem");
        }
        return config;
    }

    /** What the extension was given besides certificates, for inspection; secrets are reduced to names. */
    private static ObjectNode record(JsonNode publicSettings, JsonNode secrets, List<String> dropped) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.set("docker", publicSettings.path("docker").deepCopy());
        if (publicSettings.has("compose")) {
            record.set("compose", publicSettings.get("compose").deepCopy());
        }
        if (publicSettings.has("azure-environment")) {
            record.set("azure-environment", publicSettings.get("azure-environment").deepCopy());
        }
        ArrayNode environment = record.putArray("environmentNames");
        secrets.path("environment").propertyNames().forEach(environment::add);
        ArrayNode ignored = record.putArray("ignoredOptions");
        dropped.forEach(ignored::add);
        return record;
    }

    private static int port(String port) {
        if (port == null || port.isBlank()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(port.strip());
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("docker.port must be a port number between 1 and 65535, got '" + port + "'");
    }

    private static List<String> options(JsonNode options) {
        if (options.isMissingNode() || options.isNull()) {
            return List.of();
        }
        if (!options.isArray()) {
            throw new IllegalArgumentException("docker.options must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode option : options) {
            if (!option.isString()) {
                throw new IllegalArgumentException("docker.options must be an array of strings");
            }
            values.add(option.stringValue());
        }
        return values;
    }

    /** Certificates arrive base64-encoded; like the real extension, text that is not base64 is used as is. */
    private static String pem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(value.replaceAll("\\s+", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static void writeSecret(Path file, String content) throws IOException {
        if (content == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
