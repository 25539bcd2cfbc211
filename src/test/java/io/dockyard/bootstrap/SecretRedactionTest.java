package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    private final TestCertificates.Issued server = TestHosts.server("10.0.0.4");

    @Test
    void settingsPrintNoSecret() {
        String text = TestHosts.full(server).toString();

        TestHosts.secrets(server).forEach(secret -> assertThat(text).doesNotContain(secret));
        assertThat(text).contains(TestHosts.HOST_ID, "port=2376", "27.5.1", "alice", "registry.example.com",
                "[DB_PASSWORD, HTTPS_PROXY]", "log-driver", "serverKeyPem=(redacted)").doesNotContain("BEGIN");
    }

    @Test
    void registryLoginPrintsNoPassword() {
        assertThat(new RegistryLogin(null, "bob", TestHosts.HUB_PASSWORD).toString())
                .isEqualTo("RegistryLogin[server=Docker Hub, username=bob, password=(redacted)]");
    }

    @Test
    void payloadPrintsOnlyTheNamesOfItsProtectedSettings() {
        BootstrapSettings full = TestHosts.full(server);
        BootstrapSettings legacyHost = new BootstrapSettings(full.hostId(), 2376, null, full.daemonConfig(),
                full.registryLogins().subList(0, 1), full.environment(), full.compose(), full.clientCaPem(),
                full.serverCertificatePem(), full.serverKeyPem());
        String script = new BootstrapPayloads(BootstrapProperties.defaults()).payload(full).toString();
        String legacy = new BootstrapPayloads(BootstrapProperties.defaults().withMode(BootstrapProperties.Mode.DOCKER_EXTENSION))
                .payload(legacyHost).toString();

        assertThat(script).contains("protectedSettings=(redacted: [script])");
        assertThat(legacy).contains("protectedSettings=(redacted: [certs, environment, login])");
        TestHosts.secrets(server).forEach(secret -> assertThat(script + legacy).doesNotContain(secret));
    }
}
