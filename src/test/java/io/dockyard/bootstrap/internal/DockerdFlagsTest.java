package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerdFlagsTest {

    @Test
    void scalarsListsAndMapsBecomeTheirFlags() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("log-driver", "json-file");
        config.put("log-opts", Map.of("max-size", "10m", "max-file", "3"));
        config.put("labels", List.of("a=b", "team=payments"));
        config.put("insecure-registries", List.of("registry.local:5000"));
        config.put("registry-mirrors", List.of("https://mirror.example.com"));
        config.put("dns", List.of("10.0.0.2"));
        config.put("live-restore", true);
        config.put("debug", false);
        config.put("mtu", 1400);
        config.put("shutdown-timeout", new BigDecimal("15.0"));
        config.put("default-ulimits", Map.of("nofile", Map.of("Name", "nofile", "Soft", 1024, "Hard", 2048)));
        config.put("default-address-pools", List.of(Map.of("base", "10.10.0.0/16", "size", 24)));
        config.put("runtimes", Map.of("crun", Map.of("path", "/usr/bin/crun")));

        assertThat(DockerdFlags.of(config)).containsExactly(
                "--debug=false",
                "--default-address-pool=base=10.10.0.0/16,size=24",
                "--default-ulimit=nofile=1024:2048",
                "--dns=10.0.0.2",
                "--insecure-registry=registry.local:5000",
                "--label=a=b",
                "--label=team=payments",
                "--live-restore=true",
                "--log-driver=json-file",
                "--log-opt=max-file=3",
                "--log-opt=max-size=10m",
                "--mtu=1400",
                "--registry-mirror=https://mirror.example.com",
                "--add-runtime=crun=/usr/bin/crun",
                "--shutdown-timeout=15");
    }

    @Test
    void keysTheExtensionSetsItselfAreLeftToIt() {
        assertThat(DockerdFlags.of(Map.of("tlsverify", false, "hosts", List.of("tcp://0.0.0.0:2375"), "tlscert", "/x")))
                .isEmpty();
    }

    @Test
    void settingsWithoutAFlagAreRefusedAllInOneMessage() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("builder", Map.of("gc", Map.of("enabled", true)));
        config.put("features", Map.of("buildkit", true));
        config.put("runtimes", Map.of("kata", Map.of("path", "/usr/bin/kata", "runtimeArgs", List.of("--debug"))));
        config.put("labels", List.of("owner=the payments team"));
        config.put("log-level", "info");

        assertThatThrownBy(() -> DockerdFlags.of(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("builder (an object) has no dockerd flag")
                .hasMessageContaining("features (an object) has no dockerd flag")
                .hasMessageContaining("runtimes.kata has settings besides \"path\"")
                .hasMessageContaining("labels value \"owner=the payments team\" holds whitespace")
                .hasMessageContaining("dockyard.bootstrap.mode=custom-script")
                .hasMessageNotContaining("log-level");
    }

    @Test
    void valuesAUnitFileWouldExpandAreRefused() {
        assertThatThrownBy(() -> DockerdFlags.of(Map.of("data-root", "/srv/$HOME")))
                .hasMessageContaining("data-root value \"/srv/$HOME\"");
        assertThatThrownBy(() -> DockerdFlags.of(Map.of("log-opts", Map.of("tag", "%n"))))
                .hasMessageContaining("log-opts value \"tag=%n\"");
    }
}
