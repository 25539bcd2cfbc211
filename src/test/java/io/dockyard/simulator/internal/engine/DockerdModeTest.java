package io.dockyard.simulator.internal.engine;

import static io.dockyard.simulator.internal.engine.EngineTestSupport.address;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.base64;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.dockerExtension;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.extensionKey;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.freePort;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.object;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.scriptRun;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.tlsScript;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Real dockerd engines; skipped unless dockerd and docker are installed and the tests run as root. */
class DockerdModeTest {

    private static TestPki ca;
    private static TestPki otherCa;

    @TempDir
    Path workDir;

    private ExtensionEffects effects;

    @BeforeAll
    static void requirements() {
        Assumptions.assumeTrue(Executables.find("dockerd").isPresent(), "dockerd not installed");
        Assumptions.assumeTrue(DockerCli.installed(), "docker CLI not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "dockerd needs root");
        ca = TestPki.create("dockerd test CA");
        otherCa = TestPki.create("other CA");
    }

    @BeforeEach
    void start() {
        effects = new ExtensionEffects(new EngineSettings(EngineMode.DOCKERD, workDir, Duration.ofSeconds(90),
                Duration.ofSeconds(60), null));
    }

    @AfterEach
    void stop() {
        effects.close();
    }

    /** The dockerd serving {@code sandbox} and all its descendants. */
    private static List<ProcessHandle> daemonTree(Path sandbox) {
        List<ProcessHandle> tree = new ArrayList<>();
        for (ProcessHandle daemon : ProcessTrees.mentioning(sandbox.resolve(".simulator/dockerd.json").toString())) {
            tree.addAll(ProcessTrees.tree(daemon));
        }
        return tree;
    }

    @Test
    void customScriptBringsUpARealDockerdReachableOnlyWithTheWrittenCa() throws Exception {
        InetAddress address = address("127.100.9.10");
        int port = freePort(address);
        TestPki.Issued server = ca.server(address);

        ExtensionOutcome outcome = effects.apply(scriptRun(extensionKey(EngineTestSupport.VM_KEY, "docker"), address,
                tlsScript(ca, server, port, server.keyPem(), "echo \"engine $(docker info --format '{{.ServerVersion}}')\"")));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.engine()).extracting(EngineView::mode, EngineView::state, EngineView::port, EngineView::tls)
                .containsExactly(EngineMode.DOCKERD, "running", port, true);
        assertThat(outcome.stdoutTail()).as("the script's docker CLI talks to the sandbox engine").containsPattern("engine \\d+\\.");

        DockerCli.Result version = new DockerCli(workDir.resolve("cli"), ca, ca.client("ops"))
                .run(address, port, "version", "--format", "{{.Server.Version}}");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output().strip()).matches("\\d+\\.\\d+\\..*");

        DockerCli.Result stranger = new DockerCli(workDir.resolve("stranger"), ca, otherCa.client("stranger"))
                .run(address, port, "version", "--format", "{{.Server.Version}}");
        assertThat(stranger.exitCode()).as(stranger.output()).isNotZero();

        Path sandbox = outcome.engine().sandbox();
        List<ProcessHandle> daemon = daemonTree(sandbox);
        assertThat(daemon).as("dockerd and containerd").hasSizeGreaterThanOrEqualTo(2);
        Path runtimeDir = new Sandbox(sandbox).runtimeDir();
        assertThat(runtimeDir).exists();

        effects.close();

        assertThat(daemon).noneMatch(ProcessHandle::isAlive);
        assertThat(runtimeDir).doesNotExist();
        assertThat(effects.engines()).isEmpty();
    }

    @Test
    void dockerExtensionStartsDockerdWithItsOptionsButNotTheManagedOnes() throws Exception {
        InetAddress address = address("127.100.9.11");
        int port = freePort(address);
        TestPki.Issued server = ca.server(address);
        ObjectNode settings = object();
        settings.putObject("docker").put("port", port).putArray("options")
                .add("--label=dockyard.test=yes").add("--storage-driver=overlay2").add("-H").add("tcp://0.0.0.0:1");
        ObjectNode secrets = object();
        secrets.putObject("certs").put("ca", base64(ca.caPem())).put("cert", base64(server.certificatePem()))
                .put("key", base64(server.keyPem()));

        ExtensionOutcome outcome = effects.apply(dockerExtension(EngineTestSupport.VM_KEY + "/extensions/docker",
                address, settings, secrets));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("--storage-driver=overlay2", "-H tcp://0.0.0.0:1");
        DockerCli.Result labels = new DockerCli(workDir.resolve("cli"), ca, ca.client("ops"))
                .run(address, port, "info", "--format", "{{json .Labels}} {{.Driver}}");
        assertThat(labels.exitCode()).as(labels.output()).isZero();
        assertThat(labels.output()).contains("dockyard.test=yes", "vfs");

        List<ProcessHandle> daemon = daemonTree(outcome.engine().sandbox());
        effects.remove(EngineTestSupport.VM_KEY + "/extensions/docker");
        assertThat(daemon).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(outcome.engine().sandbox()).as("the sandbox goes with its engine").doesNotExist();
    }

    @Test
    void failedRegistryLoginFailsTheDockerExtensionAndStopsItsDockerd() {
        ObjectNode secrets = object();
        secrets.putObject("login").put("server", "127.0.0.1:9").put("username", "dockyard").put("password", "s3cret-pw");

        ExtensionOutcome outcome = effects.apply(dockerExtension(EngineTestSupport.VM_KEY + "/extensions/docker",
                address("127.100.9.12"), null, secrets));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("docker login failed").doesNotContain("s3cret-pw");
        assertThat(effects.engines()).isEmpty();
        try (var sandboxes = Files.list(workDir.resolve("sandboxes"))) {
            Path sandbox = sandboxes.toList().getFirst();
            assertThat(daemonTree(sandbox)).isEmpty();
            assertThat(new Sandbox(sandbox).runtimeDir()).doesNotExist();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
