package io.dockyard.bootstrap.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The host's {@code /etc/docker/daemon.json}: the user's settings with Dockyard's endpoint and TLS
 * settings on top. The keys Dockyard owns always take Dockyard's values, so no daemonConfig can
 * open the engine without client certificates. Members are sorted, so the same settings always give
 * the same bytes (and an unchanged file never restarts Docker).
 */
final class DaemonJson {

    /** Set by Dockyard; a user's value for one of these is dropped. */
    static final Set<String> OWNED_KEYS = Set.of("tls", "tlsverify", "tlscacert", "tlscert", "tlskey",
            "hosts", "containerd");

    static final String CA_PATH = "/etc/docker/ca.pem";
    static final String CERT_PATH = "/etc/docker/server-cert.pem";
    static final String KEY_PATH = "/etc/docker/server-key.pem";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DaemonJson() {
    }

    /** The merged settings, sorted by key. */
    static Map<String, Object> merge(Map<String, Object> userConfig, int port) {
        Map<String, Object> merged = new LinkedHashMap<>(userConfig);
        OWNED_KEYS.forEach(merged::remove);
        merged.put("tlsverify", true);
        merged.put("tlscacert", CA_PATH);
        merged.put("tlscert", CERT_PATH);
        merged.put("tlskey", KEY_PATH);
        merged.put("hosts", List.of("unix:///var/run/docker.sock", "tcp://0.0.0.0:" + port));
        @SuppressWarnings("unchecked")
        Map<String, Object> sorted = (Map<String, Object>) JsonValues.sorted(merged);
        return sorted;
    }

    /** The file's content: pretty-printed JSON and a final newline. */
    static String render(Map<String, Object> userConfig, int port) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merge(userConfig, port)) + "\n";
    }
}
