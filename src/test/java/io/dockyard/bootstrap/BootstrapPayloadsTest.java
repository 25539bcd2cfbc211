package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class BootstrapPayloadsTest {

    private static final BootstrapPayloads CUSTOM_SCRIPT = new BootstrapPayloads(BootstrapProperties.defaults());
    private static final BootstrapPayloads DOCKER_EXTENSION = new BootstrapPayloads(
            BootstrapProperties.defaults().withMode(BootstrapProperties.Mode.DOCKER_EXTENSION));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TestCertificates.Issued server;

    @BeforeAll
    static void certificates() {
        server = TestHosts.server("10.0.0.4");
    }

    @Test
    void customScriptPayloadCarriesTheGzippedScriptInProtectedSettingsOnly() throws Exception {
        ExtensionPayload payload = CUSTOM_SCRIPT.payload(TestHosts.full(server));

        assertThat(payload.name()).isEqualTo("dockyard-docker");
        assertThat(payload.publisher()).isEqualTo("Microsoft.Azure.Extensions");
        assertThat(payload.type()).isEqualTo("CustomScript");
        assertThat(payload.typeHandlerVersion()).isEqualTo("2.1");
        assertThat(payload.autoUpgradeMinorVersion()).isTrue();
        assertThat(payload.settings()).isEmpty();
        assertThat(payload.protectedSettings()).containsOnlyKeys("script");
        String script = gunzip((String) payload.protectedSettings().get("script"));
        assertThat(script).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n").doesNotContain("set -x");
        assertThat(payload.forceUpdateTag()).matches("[0-9a-f]{64}");
    }

    @Test
    void dockerExtensionPayloadUsesTheSeedSchema() {
        BootstrapSettings full = TestHosts.full(server);
        BootstrapSettings host = legacy(full);

        ExtensionPayload payload = DOCKER_EXTENSION.payload(host);

        assertThat(payload.type()).isEqualTo("DockerExtension");
        assertThat(payload.typeHandlerVersion()).isEqualTo("1.2");
        assertThat(payload.autoUpgradeMinorVersion()).isTrue();
        assertThat(payload.settings()).containsOnlyKeys("docker", "compose", "azure-environment")
                .containsEntry("azure-environment", "AzureCloud");
        assertThat(payload.settings().get("docker")).isEqualTo(Map.of("port", "2376", "options", List.of(
                "--label=team=payments", "--label=env=prod", "--live-restore=true", "--log-driver=json-file",
                "--log-opt=max-file=3", "--log-opt=max-size=10m")));
        assertThat(JSON.valueToTree(payload.settings().get("compose")).toString())
                .isEqualTo("{\"services\":{\"web\":{\"image\":\"nginx:1.27\",\"ports\":[\"8080:80\"],"
                        + "\"environment\":{\"DB_PASSWORD\":\"${DB_PASSWORD}\"}}}}");
        assertThat(payload.protectedSettings()).containsOnlyKeys("certs", "login", "environment");
        assertThat(payload.protectedSettings().get("certs")).isEqualTo(Map.of(
                "ca", base64(host.clientCaPem()), "cert", base64(host.serverCertificatePem()), "key", base64(host.serverKeyPem())));
        assertThat(payload.protectedSettings().get("login")).isEqualTo(Map.of(
                "server", "registry.example.com", "username", "alice", "password", TestHosts.REGISTRY_PASSWORD));
        assertThat(payload.protectedSettings().get("environment")).isEqualTo(TestHosts.environment());
    }

    @ParameterizedTest
    @EnumSource(BootstrapProperties.Mode.class)
    void publicSettingsNeverHoldASecret(BootstrapProperties.Mode mode) {
        BootstrapPayloads payloads = new BootstrapPayloads(BootstrapProperties.defaults().withMode(mode));
        ExtensionPayload payload = payloads.payload(legacy(TestHosts.full(server)));

        String publicText = JSON.writeValueAsString(payload.settings()) + payload.forceUpdateTag();
        TestHosts.secrets(server).forEach(secret -> assertThat(publicText).doesNotContain(secret));
        assertThat(publicText).doesNotContain(base64(server.keyPem()).substring(0, 40));
    }

    @Test
    void dockerExtensionRefusesWhatItsSchemaCannotSay() {
        BootstrapSettings full = TestHosts.full(server);
        assertThatThrownBy(() -> DOCKER_EXTENSION.payload(full))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pins Docker Engine 27.5.1");
        BootstrapSettings twoLogins = new BootstrapSettings(full.hostId(), 2376, null, Map.of(), full.registryLogins(),
                Map.of(), null, full.clientCaPem(), full.serverCertificatePem(), full.serverKeyPem());
        assertThatThrownBy(() -> DOCKER_EXTENSION.payload(twoLogins))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 registry logins")
                .hasMessageContaining("takes one").hasMessageNotContaining(TestHosts.REGISTRY_PASSWORD);
        BootstrapSettings badCompose = TestHosts.with(legacy(full), Map.of(), List.of(), Map.of(), "services: [unclosed");
        assertThatThrownBy(() -> DOCKER_EXTENSION.payload(badCompose))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compose is not valid YAML");
    }

    @ParameterizedTest
    @EnumSource(BootstrapProperties.Mode.class)
    void forceUpdateTagIsStableForTheSameSettings(BootstrapProperties.Mode mode) {
        BootstrapPayloads payloads = new BootstrapPayloads(BootstrapProperties.defaults().withMode(mode));
        BootstrapSettings host = legacy(TestHosts.full(server));
        BootstrapSettings copy = new BootstrapSettings(host.hostId(), host.port(), host.engineVersion(),
                Map.copyOf(host.daemonConfig()), List.copyOf(host.registryLogins()), Map.copyOf(host.environment()),
                host.compose(), host.clientCaPem(), host.serverCertificatePem(), host.serverKeyPem());

        assertThat(payloads.payload(copy).forceUpdateTag()).isEqualTo(payloads.payload(host).forceUpdateTag());
        assertThat(payloads.payload(copy)).isEqualTo(payloads.payload(host));
    }

    @ParameterizedTest
    @EnumSource(BootstrapProperties.Mode.class)
    void forceUpdateTagChangesWhenAnythingChangesSecretsIncluded(BootstrapProperties.Mode mode) {
        BootstrapPayloads payloads = new BootstrapPayloads(BootstrapProperties.defaults().withMode(mode));
        BootstrapSettings host = legacy(TestHosts.full(server));
        TestCertificates.Issued otherServer = TestHosts.server("10.0.0.4");
        List<UnaryOperator<BootstrapSettings>> changes = List.of(
                h -> rebuild(h, 2377, h.daemonConfig(), h.registryLogins(), h.environment(), h.compose(), h.clientCaPem(),
                        h.serverCertificatePem(), h.serverKeyPem()),
                h -> rebuild(h, h.port(), Map.of("log-level", "warn"), h.registryLogins(), h.environment(), h.compose(),
                        h.clientCaPem(), h.serverCertificatePem(), h.serverKeyPem()),
                h -> rebuild(h, h.port(), h.daemonConfig(), List.of(new RegistryLogin("registry.example.com", "alice",
                        TestHosts.REGISTRY_PASSWORD + "!")), h.environment(), h.compose(), h.clientCaPem(),
                        h.serverCertificatePem(), h.serverKeyPem()),
                h -> rebuild(h, h.port(), h.daemonConfig(), h.registryLogins(), Map.of("HTTPS_PROXY", TestHosts.PROXY_VALUE,
                        "DB_PASSWORD", TestHosts.DB_VALUE + "x"), h.compose(), h.clientCaPem(), h.serverCertificatePem(),
                        h.serverKeyPem()),
                h -> rebuild(h, h.port(), h.daemonConfig(), h.registryLogins(), h.environment(), h.compose().replace("nginx:1.27", "nginx:1.28"),
                        h.clientCaPem(), h.serverCertificatePem(), h.serverKeyPem()),
                h -> rebuild(h, h.port(), h.daemonConfig(), h.registryLogins(), h.environment(), h.compose(),
                        TestCertificates.ca("rotated client CA").certificatePem(), h.serverCertificatePem(), h.serverKeyPem()),
                h -> rebuild(h, h.port(), h.daemonConfig(), h.registryLogins(), h.environment(), h.compose(), h.clientCaPem(),
                        otherServer.certificatePem(), otherServer.keyPem()));

        String original = payloads.payload(host).forceUpdateTag();
        for (UnaryOperator<BootstrapSettings> change : changes) {
            assertThat(payloads.payload(change.apply(host)).forceUpdateTag()).isNotEqualTo(original);
        }
    }

    /** The full host without what the legacy extension refuses (a version pin, a second login). */
    private static BootstrapSettings legacy(BootstrapSettings full) {
        return new BootstrapSettings(full.hostId(), full.port(), null, full.daemonConfig(), full.registryLogins().subList(0, 1),
                full.environment(), full.compose(), full.clientCaPem(), full.serverCertificatePem(), full.serverKeyPem());
    }

    private static BootstrapSettings rebuild(BootstrapSettings host, int port, Map<String, Object> daemonConfig,
                                             List<RegistryLogin> logins, Map<String, String> environment, String compose,
                                             String clientCa, String serverCert, String serverKey) {
        return new BootstrapSettings(host.hostId(), port, host.engineVersion(), daemonConfig, logins, environment, compose,
                clientCa, serverCert, serverKey);
    }

    private static String gunzip(String base64) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
