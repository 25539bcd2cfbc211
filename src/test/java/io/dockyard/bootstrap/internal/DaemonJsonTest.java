package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonJsonTest {

    @Test
    void userSettingsAreKeptAndDockyardsKeysWin() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("log-driver", "journald");
        user.put("tls", false);
        user.put("tlsverify", false);
        user.put("tlscacert", "/tmp/evil.pem");
        user.put("tlscert", "/tmp/c.pem");
        user.put("tlskey", "/tmp/k.pem");
        user.put("hosts", List.of("tcp://0.0.0.0:2375"));
        user.put("containerd", "/elsewhere.sock");

        Map<String, Object> merged = DaemonJson.merge(user, 2376);

        assertThat(merged).containsExactly(
                Map.entry("hosts", List.of("unix:///var/run/docker.sock", "tcp://0.0.0.0:2376")),
                Map.entry("log-driver", "journald"),
                Map.entry("tlscacert", "/etc/docker/ca.pem"),
                Map.entry("tlscert", "/etc/docker/server-cert.pem"),
                Map.entry("tlskey", "/etc/docker/server-key.pem"),
                Map.entry("tlsverify", true));
    }

    @Test
    void sameSettingsInAnotherOrderRenderTheSameBytes() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("b", Map.of("y", 1, "x", 2));
        one.put("a", List.of("z", "a"));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("a", List.of("z", "a"));
        other.put("b", new LinkedHashMap<>(Map.of("x", 2, "y", 1)));

        assertThat(DaemonJson.render(one, 2376)).isEqualTo(DaemonJson.render(other, 2376))
                .as("array order is meaningful and kept").contains("[ \"z\", \"a\" ]").endsWith("}\n");
    }

    @Test
    void noUserSettingsStillGiveTlsOnEveryEndpoint() {
        assertThat(DaemonJson.merge(Map.of(), 2400)).containsOnlyKeys("hosts", "tlscacert", "tlscert", "tlskey", "tlsverify")
                .containsEntry("hosts", List.of("unix:///var/run/docker.sock", "tcp://0.0.0.0:2400"));
    }
}
