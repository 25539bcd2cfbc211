package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockyard.bootstrap.internal.InstallScript;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real dockerd started from exactly the daemon.json and certificates the install script wrote
 * accepts the real docker CLI holding a certificate from the host's client CA, and refuses one from
 * another CA. Only the sandbox's paths and endpoint are changed, plus the flags that keep a test
 * daemon off this machine's network and storage. Needs dockerd, the docker CLI and root.
 */
class InstallScriptDockerdTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ScriptSandbox sandbox = new ScriptSandbox();
    private Process dockerd;
    private Path execRoot;

    @BeforeAll
    static void requirements() {
        Assumptions.assumeTrue(onPath("dockerd") && onPath("docker"), "needs dockerd and the docker CLI");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "dockerd needs root");
    }

    private static boolean onPath(String name) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    @AfterEach
    void stopDockerd() throws Exception {
        try {
            if (dockerd != null) {
                List<ProcessHandle> children = dockerd.descendants().toList();
                dockerd.destroy();
                if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
                    dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                children.forEach(ProcessHandle::destroy);
                for (ProcessHandle child : children) {
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            unmountUnder(sandbox.dir());
            sandbox.close();
            if (execRoot != null) {
                unmountUnder(execRoot);
                ScriptSandbox.delete(execRoot);
            }
        }
    }

    @Test
    void realDockerdServesTheWrittenConfigurationToClientsOfTheHostsCaOnly() throws Exception {
        TestCertificates.Issued server = TestHosts.server("127.0.0.1");
        BootstrapSettings host = TestHosts.with(TestHosts.minimal(server), TestHosts.daemonConfig(), List.of(), Map.of(), null);
        ScriptSandbox.Run run = sandbox.run(new InstallScript(BootstrapProperties.defaults()).render(host));
        assertThat(run.exitCode()).as(run.output()).isZero();

        int port = freePort();
        startDockerd(port);
        Path alice = clientBundle("alice", TestCertificates.client(TestHosts.clientCa(), "alice"));
        Path mallory = clientBundle("mallory", TestCertificates.client(TestCertificates.ca("another host's client CA"), "mallory"));

        Result own = awaitDocker(alice, port, "version", "--format", "{{.Server.Version}}");
        assertThat(own.exitCode()).as(own.output()).isZero();
        assertThat(own.output().strip()).matches("\\d+\\.\\d+.*");
        Result info = docker(alice, port, "info", "--format", "{{.LoggingDriver}} {{json .Labels}}");
        assertThat(info.output()).as("the user's daemonConfig is in force").contains("json-file", "team=payments", "env=prod");

        Result foreign = docker(mallory, port, "version", "--format", "{{.Server.Version}}");
        assertThat(foreign.exitCode()).as(foreign.output()).isNotZero();
        assertThat(foreign.output()).containsIgnoringCase("certificate");
    }

    private void startDockerd(int port) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(sandbox.read("/etc/docker/daemon.json"));
        for (String key : List.of("tlscacert", "tlscert", "tlskey")) {
            config.put(key, sandbox.vm(config.path(key).stringValue()).toString());
        }
        config.putArray("hosts").add("tcp://127.0.0.1:" + port);
        Path configFile = Files.writeString(sandbox.dir().resolve("dockerd.json"), config.toString());
        // containerd's sockets live under the exec root, and unix socket paths are short
        execRoot = Files.createTempDirectory(Path.of("/tmp"), "dyx");
        List<String> command = new ArrayList<>(List.of("dockerd", "--config-file", configFile.toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs",
                "--data-root", sandbox.dir().resolve("data").toString(), "--exec-root", execRoot.toString(),
                "--pidfile", sandbox.dir().resolve("dockerd.pid").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(sandbox.dir().resolve("dockerd.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER"));
        dockerd = builder.start();
    }

    private Path clientBundle(String name, TestCertificates.Issued client) throws IOException {
        Path bundle = Files.createDirectories(sandbox.dir().resolve("clients").resolve(name));
        Files.writeString(bundle.resolve("ca.pem"), TestHosts.serverCa().certificatePem());
        Files.writeString(bundle.resolve("cert.pem"), client.certificatePem());
        Files.writeString(bundle.resolve("key.pem"), client.keyPem());
        return bundle;
    }

    private Result awaitDocker(Path bundle, int port, String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result last = docker(bundle, port, args);
        while (last.exitCode() != 0 && dockerd.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = docker(bundle, port, args);
        }
        if (last.exitCode() != 0) {
            return new Result(last.exitCode(), last.output() + "\n--- dockerd.log ---\n"
                    + Files.readString(sandbox.dir().resolve("dockerd.log")));
        }
        return last;
    }

    private Result docker(Path bundle, int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "--tlsverify", "--host", "tcp://127.0.0.1:" + port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER"));
        builder.environment().put("DOCKER_CERT_PATH", bundle.toString());
        builder.environment().put("DOCKER_CONFIG", sandbox.dir().resolve("docker-config").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Result(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** dockerd bind-mounts its data root; one that dies early can leave the mount behind. */
    private static void unmountUnder(Path dir) throws Exception {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .map(line -> line.split(" ")[1])
                .filter(mountPoint -> mountPoint.startsWith(dir.toString()))
                .sorted((a, b) -> b.length() - a.length())
                .toList();
        for (String mountPoint : mounts) {
            new ProcessBuilder("umount", "--lazy", mountPoint).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Result(int exitCode, String output) {
    }
}
