package io.dockyard.simulator.internal.engine;

import static io.dockyard.simulator.internal.engine.EngineTestSupport.address;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.base64;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.dockerExtension;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.freePort;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.get;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class DockerExtensionEffectTest {

    private static final String KEY = EngineTestSupport.VM_KEY + "/extensions/dockerextension";

    @TempDir
    Path workDir;

    private ExtensionEffects effects;
    private final TestPki ca = TestPki.create("legacy CA");
    private final TestPki.Issued client = ca.client("legacy client");

    @BeforeEach
    void start() {
        effects = new ExtensionEffects(new EngineSettings(EngineMode.FAKE, workDir, Duration.ofSeconds(30),
                Duration.ofSeconds(30), null));
    }

    @AfterEach
    void stop() {
        effects.close();
    }

    private ObjectNode certs(InetAddress address, boolean encode) {
        TestPki.Issued server = ca.server(address);
        ObjectNode secrets = object();
        secrets.putObject("certs")
                .put("ca", encode ? base64(ca.caPem()) : ca.caPem())
                .put("cert", encode ? base64(server.certificatePem()) : server.certificatePem())
                .put("key", encode ? base64(server.traditionalKeyPem()) : server.traditionalKeyPem());
        return secrets;
    }

    @Test
    void base64CertificatesGiveATlsEngineOnTheGivenPort() throws Exception {
        InetAddress address = address("127.100.8.1");
        int port = freePort(address);
        ObjectNode settings = object();
        settings.putObject("docker").put("port", Integer.toString(port)).putArray("options").add("--debug");
        settings.putObject("compose").putObject("web").put("image", "nginx");
        ObjectNode secrets = certs(address, true);
        secrets.putObject("login").put("server", "registry.example.com").put("username", "dockyard").put("password", "s3cret");
        secrets.putObject("environment").put("API_TOKEN", "t0ken");

        ExtensionOutcome outcome = effects.apply(dockerExtension(KEY, address, settings, secrets));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.engine()).extracting(EngineView::port, EngineView::tls, EngineView::state)
                .containsExactly(port, true, "running");
        assertThat(get(TestPki.clientContext(client, ca), address, port, "/_ping").body()).isEqualTo("OK");
        assertThatThrownBy(() -> get(TestPki.clientContext(null, ca), address, port, "/_ping")).isInstanceOf(IOException.class);

        Path sandbox = outcome.engine().sandbox();
        assertThat(Files.getPosixFilePermissions(sandbox.resolve("etc/docker/key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(sandbox.resolve("etc/docker/ca.pem"))).isEqualTo(ca.caPem());
        assertThat(Files.readString(sandbox.resolve(".simulator/docker.log")))
                .contains("docker login --username dockyard --password-stdin registry.example.com")
                .doesNotContain("s3cret");
        String recorded = Files.readString(sandbox.resolve(".simulator/docker-extension.json"));
        assertThat(recorded).contains("nginx", "API_TOKEN").doesNotContain("t0ken");
    }

    @Test
    void rawPemCertificatesAndDefaultPortWork() throws Exception {
        InetAddress address = address("127.100.8.2");
        Assumptions.assumeFalse(EngineTestSupport.listening(address, 2376), "port 2376 taken");

        ExtensionOutcome outcome = effects.apply(dockerExtension(KEY, address, object(), certs(address, false)));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.engine().port()).isEqualTo(2376);
        assertThat(get(TestPki.clientContext(client, ca), address, 2376, "/version").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutCertificatesThereIsNoTcpEndpoint() {
        ExtensionOutcome outcome = effects.apply(dockerExtension(KEY, address("127.100.8.3"), null, null));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.engine().port()).isZero();
        assertThat(outcome.engine().message()).contains("no TCP endpoint");
    }

    @Test
    void invalidPortFailsTheExtension() {
        ObjectNode settings = object();
        settings.putObject("docker").put("port", "not-a-port");

        ExtensionOutcome outcome = effects.apply(dockerExtension(KEY, address("127.100.8.4"), settings, null));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("docker.port");
    }

    @Test
    void portAlreadyInUseFailsTheExtension() throws Exception {
        InetAddress address = address("127.100.8.5");
        try (var taken = new java.net.ServerSocket(0, 1, address)) {
            ObjectNode settings = object();
            settings.putObject("docker").put("port", taken.getLocalPort());

            ExtensionOutcome outcome = effects.apply(dockerExtension(KEY, address, settings, certs(address, true)));

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.message()).contains("cannot listen on 127.100.8.5:" + taken.getLocalPort());
            assertThat(effects.engines()).isEmpty();
        }
    }
}
