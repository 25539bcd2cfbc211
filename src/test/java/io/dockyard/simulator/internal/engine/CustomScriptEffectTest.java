package io.dockyard.simulator.internal.engine;

import static io.dockyard.simulator.internal.engine.EngineTestSupport.VM_KEY;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.address;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.customScript;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.extensionKey;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.freePort;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.get;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.listening;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.object;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.scriptRun;
import static io.dockyard.simulator.internal.engine.EngineTestSupport.tlsScript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CustomScriptEffectTest {

    private static TestPki ca;
    private static TestPki otherCa;
    private static TestPki.Issued client;
    private static TestPki.Issued strangerClient;

    @TempDir
    Path workDir;

    private ExtensionEffects effects;

    @BeforeAll
    static void pki() {
        ca = TestPki.create("dockyard test CA");
        otherCa = TestPki.create("someone else's CA");
        client = ca.client("dockyard");
        strangerClient = otherCa.client("stranger");
    }

    @BeforeEach
    void start() {
        effects = new ExtensionEffects(new EngineSettings(EngineMode.FAKE, workDir, Duration.ofSeconds(30),
                Duration.ofSeconds(30), "27.3.1"));
    }

    @AfterEach
    void stop() {
        effects.close();
    }

    private ExtensionOutcome provision(String key, InetAddress address, int port, String extra) {
        TestPki.Issued server = ca.server(address);
        return effects.apply(scriptRun(key, address, tlsScript(ca, server, port, server.keyPem(), extra)));
    }

    @Test
    void fakeEngineAcceptsClientFromWrittenCa() throws Exception {
        InetAddress address = address("127.100.7.1");
        int port = freePort(address);

        ExtensionOutcome outcome = provision(extensionKey(VM_KEY, "docker"), address, port, "");

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).startsWith("Enable succeeded").contains("[stdout]", "docker is active");
        assertThat(outcome.stdoutTail()).contains("docker is active", "provisioned").doesNotContain("already active");
        assertThat(outcome.engine()).isNotNull();
        assertThat(outcome.engine().state()).isEqualTo("running");
        assertThat(outcome.engine().address()).isEqualTo("127.100.7.1");
        assertThat(outcome.engine().port()).isEqualTo(port);
        assertThat(outcome.engine().tls()).isTrue();
        assertThat(effects.engines()).containsExactly(outcome.engine());

        HttpResponse<String> ping = get(TestPki.clientContext(client, ca), address, port, "/_ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("OK");
        assertThat(ping.headers().firstValue("Api-Version")).hasValue("1.47");
        assertThat(ping.headers().firstValue("Ostype")).hasValue("linux");
        assertThat(ping.headers().firstValue("Server")).hasValue("Docker/27.3.1 (linux)");

        HttpResponse<String> version = get(TestPki.clientContext(client, ca), address, port, "/v1.47/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = Json.MAPPER.readTree(version.body());
        assertThat(json.path("Version").asString()).isEqualTo("27.3.1");
        assertThat(json.path("ApiVersion").asString()).isEqualTo("1.47");
        assertThat(json.path("Components").get(0).path("Name").asString()).isEqualTo("Engine");
    }

    @Test
    void fakeEngineAnswersInfoContainersAndUnknownPathsLikeDockerd() throws Exception {
        InetAddress address = address("127.100.7.2");
        int port = freePort(address);
        assertThat(provision(extensionKey(VM_KEY, "docker"), address, port, "").succeeded()).isTrue();
        var context = TestPki.clientContext(client, ca);

        JsonNode info = Json.MAPPER.readTree(get(context, address, port, "/info").body());
        assertThat(info.path("Name").asString()).isEqualTo("vm1");
        assertThat(info.path("OperatingSystem").asString()).isEqualTo("Ubuntu 24.04 LTS (simulated)");
        assertThat(info.path("Containers").asInt()).isZero();
        assertThat(info.path("ServerVersion").asString()).isEqualTo("27.3.1");
        assertThat(get(context, address, port, "/v1.41/containers/json").body().strip()).isEqualTo("[]");

        HttpResponse<String> missing = get(context, address, port, "/v1.47/images/nope/json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.body()).path("message").asString()).isEqualTo("page not found");
        assertThat(get(context, address, port, "/v1.99/version").statusCode()).isEqualTo(400);
    }

    @Test
    void fakeEngineSatisfiesTheRealDockerCli() throws Exception {
        Assumptions.assumeTrue(DockerCli.installed(), "docker CLI not installed");
        InetAddress address = address("127.100.7.12");
        int port = freePort(address);
        assertThat(provision(extensionKey(VM_KEY, "docker"), address, port, "").succeeded()).isTrue();

        DockerCli.Result version = new DockerCli(workDir.resolve("cli"), ca, client).run(address, port, "version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).contains("Client:", "Server:", "27.3.1", "1.47");

        DockerCli.Result stranger = new DockerCli(workDir.resolve("stranger"), ca, strangerClient)
                .run(address, port, "version", "--format", "{{.Server.Version}}");
        assertThat(stranger.exitCode()).isNotZero();
    }

    @Test
    void fakeEngineRefusesClientsWithoutCertificateFromWrittenCa() {
        InetAddress address = address("127.100.7.3");
        int port = freePort(address);
        assertThat(provision(extensionKey(VM_KEY, "docker"), address, port, "").succeeded()).isTrue();

        assertThatThrownBy(() -> get(TestPki.clientContext(strangerClient, ca), address, port, "/_ping"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(TestPki.clientContext(null, ca), address, port, "/_ping"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void dockerShimRecordsLoginWithoutThePassword() throws Exception {
        InetAddress address = address("127.100.7.4");
        int port = freePort(address);

        ExtensionOutcome outcome = provision(extensionKey(VM_KEY, "docker"), address, port,
                "printf '%s' 's3cret-Pa55' | docker login --username dockyard --password-stdin registry.example.com\n"
                        + "docker login -u dockyard -p 'other-s3cret' registry.example.com\n"
                        + "docker run -d -p 8080:80 nginx");

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.stdoutTail()).contains("Login Succeeded");
        String log = Files.readString(outcome.engine().sandbox().resolve(".simulator/docker.log"));
        assertThat(log).contains("docker login --username dockyard --password-stdin registry.example.com",
                        "docker login -u dockyard -p <redacted> registry.example.com",
                        "docker run -d -p 8080:80 nginx")
                .doesNotContain("s3cret");
    }

    @Test
    void failingScriptReportsExitStatusAndOutput() {
        ExtensionOutcome outcome = effects.apply(scriptRun(extensionKey(VM_KEY, "fails"), address("127.100.7.5"),
                "echo 'starting'\necho 'disk is full' >&2\nexit 7\n"));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).isEqualTo("Enable failed: failed to execute command: command terminated with "
                + "exit status=7\n[stdout]\nstarting\n\n[stderr]\ndisk is full\n");
        assertThat(outcome.stderrTail()).isEqualTo("disk is full\n");
        assertThat(outcome.engine()).isNull();
        assertThat(effects.engines()).isEmpty();
    }

    @Test
    void unparseableServerKeyFailsTheDockerRestartAndTheExtension() {
        InetAddress address = address("127.100.7.6");
        int port = freePort(address);
        TestPki.Issued server = ca.server(address);

        ExtensionOutcome outcome = effects.apply(scriptRun(extensionKey(VM_KEY, "docker"), address,
                tlsScript(ca, server, port, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----", "")));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("exit status=1", "Job for docker.service failed", "server-key.pem");
        assertThat(outcome.stdoutTail()).doesNotContain("provisioned");
        assertThat(outcome.engine()).isNull();
        assertThat(listening(address, port)).isFalse();
    }

    @Test
    void reapplyingReplacesTheEngine() throws Exception {
        InetAddress address = address("127.100.7.7");
        int firstPort = freePort(address);
        String key = extensionKey(VM_KEY, "docker");
        assertThat(provision(key, address, firstPort, "").succeeded()).isTrue();
        int secondPort = freePort(address);

        ExtensionOutcome second = provision(key, address, secondPort, "");

        assertThat(second.succeeded()).as(second.message()).isTrue();
        assertThat(listening(address, firstPort)).isFalse();
        assertThat(get(TestPki.clientContext(client, ca), address, secondPort, "/_ping").statusCode()).isEqualTo(200);
        assertThat(effects.engines()).extracting(EngineView::port).containsExactly(secondPort);
    }

    @Test
    void removeAndRemoveVmStopEngines() {
        InetAddress first = address("127.100.7.8");
        InetAddress second = address("127.100.7.9");
        String otherVm = VM_KEY.replace("vm1", "vm2");
        int firstPort = freePort(first);
        int secondPort = freePort(second);
        int thirdPort = freePort(second);
        TestPki.Issued server = ca.server(first);
        TestPki.Issued otherServer = ca.server(second);
        effects.apply(scriptRun(extensionKey(VM_KEY, "docker"), first, tlsScript(ca, server, firstPort, server.keyPem(), "")));
        effects.apply(customScript(extensionKey(otherVm, "docker"), otherVm, second, null, object().put("script",
                EngineTestSupport.gzipBase64(tlsScript(ca, otherServer, secondPort, otherServer.keyPem(), "")))));
        effects.apply(customScript(extensionKey(otherVm, "docker2"), otherVm, second, null, object().put("script",
                EngineTestSupport.gzipBase64(tlsScript(ca, otherServer, thirdPort, otherServer.keyPem(), "")))));
        assertThat(effects.engines()).hasSize(3);

        effects.remove(extensionKey(VM_KEY, "docker"));
        assertThat(listening(first, firstPort)).isFalse();
        assertThat(listening(second, secondPort)).isTrue();

        effects.removeVm(otherVm);
        assertThat(listening(second, secondPort)).isFalse();
        assertThat(listening(second, thirdPort)).isFalse();
        assertThat(effects.engines()).isEmpty();
        effects.remove("never-applied");
    }

    @Test
    void commandWithoutDockerRestartSucceedsWithoutEngine() throws Exception {
        ExtensionOutcome outcome = effects.apply(customScript(extensionKey(VM_KEY, "hello"), VM_KEY, address("127.100.7.10"),
                object().put("commandToExecute", "echo hello from $PWD; touch \"$DOCKYARD_ROOT/marker\""), null));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).startsWith("Enable succeeded");
        assertThat(outcome.stdoutTail()).startsWith("hello from " + workDir.resolve("sandboxes").toRealPath());
        assertThat(outcome.engine()).isNull();
        try (var sandboxes = Files.list(workDir.resolve("sandboxes"))) {
            assertThat(sandboxes.toList()).singleElement().satisfies(dir -> assertThat(dir.resolve("marker")).exists());
        }
    }

    @Test
    void daemonJsonWithoutTlsGivesPlainHttpEngine() throws Exception {
        InetAddress address = address("127.100.7.13");
        int port = freePort(address);
        String script = """
                mkdir -p "$DOCKYARD_ROOT/etc/docker"
                echo '{"hosts": ["tcp://0.0.0.0:%d"]}' > "$DOCKYARD_ROOT/etc/docker/daemon.json"
                systemctl enable --now docker
                """.formatted(port);

        ExtensionOutcome outcome = effects.apply(scriptRun(extensionKey(VM_KEY, "plain"), address, script));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.engine().tls()).isFalse();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.100.7.13:" + port + "/_ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("OK");
        }
    }

    @Test
    void plainBase64ScriptRunsToo() {
        ExtensionOutcome outcome = effects.apply(customScript(extensionKey(VM_KEY, "plain"), VM_KEY, address("127.100.7.10"),
                object().put("script", EngineTestSupport.base64("echo plain script\r\n")), null));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.stdoutTail()).isEqualTo("plain script\n");
    }

    @Test
    void payloadWithoutScriptOrCommandFails() {
        ExtensionOutcome outcome = effects.apply(customScript(extensionKey(VM_KEY, "empty"), VM_KEY, address("127.100.7.10"),
                object(), null));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("either 'commandToExecute' or 'script' should be specified");
    }

    @Test
    void scriptThatRunsTooLongIsKilled() throws Exception {
        Path marker = workDir.resolve("background-pid");
        try (ExtensionEffects impatient = new ExtensionEffects(new EngineSettings(EngineMode.FAKE, workDir,
                Duration.ofSeconds(1), Duration.ofSeconds(10), null))) {
            ExtensionOutcome outcome = impatient.apply(scriptRun(extensionKey(VM_KEY, "slow"), address("127.100.7.10"),
                    "sleep 300 &\necho $! > '" + marker + "'\necho waiting\nwait\n"));

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.message()).startsWith("Enable failed: script timed out after 1s").contains("waiting");
        }
        long pid = Long.parseLong(Files.readString(marker).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(), java.util.Optional.of(false));
    }

    @Test
    void stoppingDockerInTheScriptLeavesNoEngine() {
        InetAddress address = address("127.100.7.11");
        int port = freePort(address);

        ExtensionOutcome outcome = provision(extensionKey(VM_KEY, "docker"), address, port,
                "systemctl stop docker\nsystemctl is-active docker || echo \"inactive: $?\"");

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.stdoutTail()).contains("inactive: 3");
        assertThat(outcome.engine()).isNull();
        assertThat(listening(address, port)).isFalse();
    }

    @Test
    void extensionsWithoutSimulatedEffectSucceed() {
        ExtensionOutcome outcome = effects.apply(new ExtensionRun(extensionKey(VM_KEY, "ama"), VM_KEY, "vm1", "id",
                address("127.100.7.10"), null, null, "Microsoft.Azure.Monitor", "AzureMonitorLinuxAgent", "1.0", null, null));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.message()).isEqualTo("Extension Microsoft.Azure.Monitor.AzureMonitorLinuxAgent has no simulated effect");
        assertThat(outcome.engine()).isNull();
    }
}
