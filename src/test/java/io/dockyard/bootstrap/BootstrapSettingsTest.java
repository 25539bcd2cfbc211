package io.dockyard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapSettingsTest {

    private final BootstrapSettings valid = TestHosts.minimal(TestHosts.server("10.0.0.4"));

    private BootstrapSettings with(String hostId, int port, String version, Map<String, Object> daemonConfig,
                                   Map<String, String> environment, String key) {
        return new BootstrapSettings(hostId, port, version, daemonConfig, List.of(), environment, null, valid.clientCaPem(),
                valid.serverCertificatePem(), key);
    }

    @Test
    void settingsThatCannotBeRenderedSafelyAreRefusedWithTheirName() {
        Map<String, Object> empty = Map.of();
        assertThatThrownBy(() -> with("host; rm -rf /", 2376, null, empty, Map.of(), valid.serverKeyPem()))
                .hasMessageContaining("hostId");
        assertThatThrownBy(() -> with("h", 0, null, empty, Map.of(), valid.serverKeyPem())).hasMessageContaining("port");
        assertThatThrownBy(() -> with("h", 2376, "latest", empty, Map.of(), valid.serverKeyPem()))
                .hasMessageContaining("engineVersion");
        assertThatThrownBy(() -> with("h", 2376, null, empty, Map.of("NOT-A-NAME", "x"), valid.serverKeyPem()))
                .hasMessageContaining("NOT-A-NAME");
        assertThatThrownBy(() -> with("h", 2376, null, Map.of("x", new Object()), Map.of(), valid.serverKeyPem()))
                .hasMessageContaining("daemonConfig.x is a Object");
        assertThatThrownBy(() -> with("h", 2376, null, empty, Map.of(),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----\n"))
                .hasMessageContaining("encrypted");
        assertThatThrownBy(() -> new RegistryLogin("r.example.com", "u", "")).hasMessageContaining("r.example.com");
    }

    @Test
    void inputsAreCopiedSoALaterChangeCannotAlterThePayload() {
        Map<String, Object> config = new HashMap<>(Map.of("labels", new ArrayList<>(List.of("a=b"))));
        Map<String, String> environment = new HashMap<>(Map.of("A", "1"));
        BootstrapSettings settings = with("h", 2376, " 27.5.1 ", config, environment, valid.serverKeyPem());

        config.put("debug", true);
        environment.put("B", "2");

        assertThat(settings.daemonConfig()).containsOnlyKeys("labels");
        assertThat(settings.environment()).containsOnlyKeys("A");
        assertThat(settings.engineVersion()).isEqualTo("27.5.1");
        assertThatThrownBy(() -> ((List<Object>) settings.daemonConfig().get("labels")).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
