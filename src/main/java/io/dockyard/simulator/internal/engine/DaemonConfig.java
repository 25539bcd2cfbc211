package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine configuration a VM's {@code /etc/docker/daemon.json} asks for, read with dockerd's
 * rules and with its VM paths resolved into the sandbox. Only the TCP endpoint's port is taken from
 * {@code hosts}: the simulator decides the address and the unix socket itself.
 *
 * @param raw the file's content as written (an empty object if there is no file)
 * @param caFile CA bundle that client certificates must chain to; null unless given
 * @param certFile server certificate (chain); null when TLS is off
 * @param keyFile server private key; null when TLS is off
 * @param tcpPort port of the first {@code tcp://} host, or 0 when there is none
 */
record DaemonConfig(ObjectNode raw, boolean tls, boolean tlsVerify, Path caFile, Path certFile, Path keyFile,
                    int tcpPort) {

    private static final String DAEMON_JSON = "/etc/docker/daemon.json";

    boolean hasTcp() {
        return tcpPort > 0;
    }

    /** Reads the sandbox's daemon.json; a missing file means dockerd's defaults. */
    static DaemonConfig load(Sandbox sandbox) throws EngineStartException {
        Path file = sandbox.daemonJson();
        if (!Files.exists(file)) {
            return parse(Json.MAPPER.createObjectNode(), sandbox);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new EngineStartException("cannot read " + DAEMON_JSON + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new EngineStartException(DAEMON_JSON + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            return parse(Json.MAPPER.createObjectNode(), sandbox);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new EngineStartException(DAEMON_JSON + " must hold a JSON object");
        }
        return parse(object, sandbox);
    }

    static DaemonConfig parse(ObjectNode raw, Sandbox sandbox) throws EngineStartException {
        boolean tlsVerify = bool(raw, "tlsverify");
        String ca = path(raw, "tlscacert");
        String cert = path(raw, "tlscert");
        String key = path(raw, "tlskey");
        boolean tls = tlsVerify || bool(raw, "tls") || (cert != null && key != null);
        if (tls) {
            ca = ca != null || !tlsVerify ? ca : "/root/.docker/ca.pem";
            cert = cert != null ? cert : "/root/.docker/cert.pem";
            key = key != null ? key : "/root/.docker/key.pem";
        }
        int port = tcpPort(raw, tls);
        try {
            return new DaemonConfig(raw, tls, tlsVerify, resolve(sandbox, ca), tls ? resolve(sandbox, cert) : null,
                    tls ? resolve(sandbox, key) : null, port);
        } catch (IllegalArgumentException e) {
            throw new EngineStartException(DAEMON_JSON + ": " + e.getMessage());
        }
    }

    /** The {@code tcp://} entries of {@code hosts}, in order. */
    static List<String> tcpHosts(JsonNode raw) throws EngineStartException {
        JsonNode hosts = raw.path("hosts");
        List<String> tcp = new ArrayList<>();
        if (hosts.isMissingNode() || hosts.isNull()) {
            return tcp;
        }
        if (!hosts.isArray()) {
            throw new EngineStartException(DAEMON_JSON + ": 'hosts' must be an array of strings");
        }
        for (JsonNode host : hosts) {
            if (!host.isString()) {
                throw new EngineStartException(DAEMON_JSON + ": 'hosts' must be an array of strings");
            }
            if (host.stringValue().startsWith("tcp://")) {
                tcp.add(host.stringValue());
            }
        }
        return tcp;
    }

    private static int tcpPort(JsonNode raw, boolean tls) throws EngineStartException {
        List<String> tcp = tcpHosts(raw);
        if (tcp.isEmpty()) {
            return 0;
        }
        String hostPort = tcp.getFirst().substring("tcp://".length()).replaceFirst("/.*$", "");
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || colon < hostPort.lastIndexOf(']')) {
            return tls ? 2376 : 2375;
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EngineStartException(DAEMON_JSON + ": invalid port in host " + tcp.getFirst());
    }

    private static boolean bool(JsonNode raw, String key) throws EngineStartException {
        JsonNode value = raw.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new EngineStartException(DAEMON_JSON + ": '" + key + "' must be a boolean");
        }
        return value.booleanValue();
    }

    private static String path(JsonNode raw, String key) throws EngineStartException {
        JsonNode value = raw.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new EngineStartException(DAEMON_JSON + ": '" + key + "' must be a file path");
        }
        return value.stringValue();
    }

    private static Path resolve(Sandbox sandbox, String path) {
        return path == null ? null : sandbox.vmPath(path);
    }
}
