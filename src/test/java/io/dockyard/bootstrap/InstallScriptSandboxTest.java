package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockyard.bootstrap.internal.InstallScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The install script run by bash in a sandbox, as the simulator runs it: {@code DOCKYARD_ROOT} for
 * the VM's file system, no package install, and shims for {@code systemctl} and {@code docker}.
 */
class InstallScriptSandboxTest {

    private static final InstallScript SCRIPT = new InstallScript(BootstrapProperties.defaults());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TestCertificates.Issued server;

    private final ScriptSandbox sandbox = new ScriptSandbox();

    @BeforeAll
    static void certificates() {
        server = TestHosts.server("127.0.0.1");
    }

    @AfterEach
    void cleanUp() {
        sandbox.close();
    }

    @Test
    void firstRunWritesEveryFileWithItsModeAndRestartsDocker() {
        BootstrapSettings host = TestHosts.full(server);

        ScriptSandbox.Run run = sandbox.run(SCRIPT.render(host));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(sandbox.read("/etc/docker/ca.pem")).isEqualTo(host.clientCaPem());
        assertThat(sandbox.read("/etc/docker/server-cert.pem")).isEqualTo(host.serverCertificatePem());
        assertThat(sandbox.read("/etc/docker/server-key.pem")).isEqualTo(host.serverKeyPem());
        assertThat(sandbox.read("/opt/dockyard/compose/compose.yaml")).isEqualTo(TestHosts.COMPOSE);
        assertThat(sandbox.mode("/etc/docker/ca.pem")).isEqualTo("rw-r--r--");
        assertThat(sandbox.mode("/etc/docker/server-cert.pem")).isEqualTo("rw-r--r--");
        assertThat(sandbox.mode("/etc/docker/daemon.json")).isEqualTo("rw-r--r--");
        assertThat(sandbox.mode("/etc/docker/server-key.pem")).isEqualTo("rw-------");
        assertThat(sandbox.mode("/etc/systemd/system/docker.service.d/dockyard.conf")).isEqualTo("rw-------");
        assertThat(sandbox.mode("/opt/dockyard/compose/compose.yaml")).isEqualTo("rw-------");
        assertThat(sandbox.mode("/opt/dockyard/compose/.env")).isEqualTo("rw-------");
        assertThat(sandbox.mode("/opt/dockyard/compose")).isEqualTo("rwx------");

        assertThat(sandbox.takeLog("systemctl")).containsExactly("daemon-reload", "enable docker", "restart docker");
        assertThat(sandbox.takeLog("docker")).containsExactly(
                "info --format \\{\\{.ServerVersion\\}\\} | stdin=none",
                "login --username alice --password-stdin registry.example.com | stdin="
                        + TestHosts.REGISTRY_PASSWORD.getBytes(StandardCharsets.UTF_8).length,
                "login --username bob --password-stdin | stdin=" + TestHosts.HUB_PASSWORD.length(),
                "compose --project-name dockyard --file " + sandbox.vm("/opt/dockyard/compose/compose.yaml")
                        + " up --detach --remove-orphans | stdin=none");
        assertThat(run.stdout()).contains("dockyard: restarting Docker: its configuration changed",
                "dockyard: Docker Engine 27.5.1 answers", "dockyard: logging in to registry.example.com as alice",
                "dockyard: logging in to Docker Hub as bob", "dockyard: compose project dockyard is up", "dockyard: done");
    }

    @Test
    void daemonJsonHoldsTheUsersSettingsAndOursWin() {
        sandbox.run(SCRIPT.render(TestHosts.full(server)));

        JsonNode daemon = JSON.readTree(sandbox.read("/etc/docker/daemon.json"));
        assertThat(daemon.path("log-driver").stringValue()).isEqualTo("json-file");
        assertThat(daemon.path("log-opts").path("max-size").stringValue()).isEqualTo("10m");
        assertThat(daemon.path("labels").toString()).isEqualTo("[\"team=payments\",\"env=prod\"]");
        assertThat(daemon.path("live-restore").booleanValue()).isTrue();
        assertThat(daemon.path("tlsverify").booleanValue()).as("the user's tlsverify=false lost").isTrue();
        assertThat(daemon.path("tlscacert").stringValue()).isEqualTo("/etc/docker/ca.pem");
        assertThat(daemon.path("tlscert").stringValue()).isEqualTo("/etc/docker/server-cert.pem");
        assertThat(daemon.path("tlskey").stringValue()).isEqualTo("/etc/docker/server-key.pem");
        assertThat(daemon.path("hosts").toString())
                .isEqualTo("[\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2376\"]");
    }

    @Test
    void dropInClearsTheCommandLineAndCarriesTheEnvironment() {
        sandbox.run(SCRIPT.render(TestHosts.full(server)));

        List<String> lines = sandbox.read("/etc/systemd/system/docker.service.d/dockyard.conf").lines()
                .filter(line -> !line.startsWith("#")).toList();
        assertThat(lines).containsExactly(
                "[Service]",
                "ExecStart=",
                "ExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock",
                "Environment=\"DB_PASSWORD=it's a \\\"db\\\" SECRET with $HOME and `uname`\\nsecond line\"",
                "Environment=\"HTTPS_PROXY=http://proxy-user:pr%%40xy-SECRET@proxy.internal:3128\"");
        assertThat(sandbox.read("/opt/dockyard/compose/.env").lines().filter(line -> !line.startsWith("#")))
                .containsExactly(
                        "DB_PASSWORD=\"it's a \\\"db\\\" SECRET with \\$HOME and `uname`\\nsecond line\"",
                        "HTTPS_PROXY='http://proxy-user:pr%40xy-SECRET@proxy.internal:3128'");
    }

    @Test
    void registryPasswordsTravelOnStdinAndNeverInArguments() {
        sandbox.run(SCRIPT.render(TestHosts.full(server)));

        List<String> docker = sandbox.takeLog("docker");
        assertThat(docker).filteredOn(line -> line.startsWith("login "))
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("--password-stdin"));
        assertThat(String.join("\n", docker)).doesNotContain("pa$$w0rd", "pa\\$\\$w0rd", TestHosts.HUB_PASSWORD);
        assertThat(sandbox.dir().resolve("pwned")).as("no secret was run as shell").doesNotExist();
    }

    @Test
    void noSecretAppearsInTheScriptsOutputOrAsPlainTextInTheScript() {
        String script = SCRIPT.render(TestHosts.full(server));
        ScriptSandbox.Run first = sandbox.run(script);
        ScriptSandbox.Run second = sandbox.run(script);

        for (String secret : TestHosts.secrets(server)) {
            assertThat(first.output()).doesNotContain(secret);
            assertThat(second.output()).doesNotContain(secret);
            assertThat(script).doesNotContain(secret);
        }
    }

    @Test
    void secondRunWithTheSameSettingsRestartsNothingButAChangeRestartsDocker() throws Exception {
        BootstrapSettings host = TestHosts.full(server);
        sandbox.run(SCRIPT.render(host));
        sandbox.takeLog("systemctl");
        long keyModified = Files.getLastModifiedTime(sandbox.vm("/etc/docker/server-key.pem")).toMillis();

        ScriptSandbox.Run again = sandbox.run(SCRIPT.render(host));

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(sandbox.takeLog("systemctl")).containsExactly("daemon-reload", "enable docker", "is-active --quiet docker");
        assertThat(again.stdout()).contains("dockyard: Docker's configuration is unchanged; not restarting it",
                "dockyard: /etc/docker/daemon.json is up to date");
        assertThat(Files.getLastModifiedTime(sandbox.vm("/etc/docker/server-key.pem")).toMillis()).isEqualTo(keyModified);

        BootstrapSettings changed = TestHosts.with(host, Map.of("log-level", "warn"), host.registryLogins(),
                host.environment(), host.compose());
        ScriptSandbox.Run third = sandbox.run(SCRIPT.render(changed));

        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(sandbox.takeLog("systemctl")).containsExactly("daemon-reload", "enable docker", "restart docker");
        assertThat(third.stdout()).contains("dockyard: wrote /etc/docker/daemon.json",
                "dockyard: /etc/docker/server-key.pem is up to date");
        assertThat(JSON.readTree(sandbox.read("/etc/docker/daemon.json")).path("log-level").stringValue()).isEqualTo("warn");
    }

    @Test
    void dockerThatIsNotRunningIsStartedEvenWhenNothingChanged() {
        String script = SCRIPT.render(TestHosts.minimal(server));
        sandbox.run(script);
        sandbox.takeLog("systemctl");

        ScriptSandbox.Run run = sandbox.run(script, Map.of("SHIM_ACTIVE_EXIT", "3"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(sandbox.takeLog("systemctl")).contains("restart docker");
        assertThat(run.stdout()).contains("dockyard: starting Docker: it was not running");
    }

    @Test
    void removingTheComposeFileTakesTheProjectDown() {
        BootstrapSettings host = TestHosts.full(server);
        sandbox.run(SCRIPT.render(host));
        sandbox.takeLog("docker");

        ScriptSandbox.Run run = sandbox.run(SCRIPT.render(TestHosts.with(host, host.daemonConfig(), List.of(), Map.of(), null)));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(sandbox.takeLog("docker")).contains("compose --project-name dockyard --file "
                + sandbox.vm("/opt/dockyard/compose/compose.yaml") + " down --remove-orphans | stdin=none");
        assertThat(sandbox.vm("/opt/dockyard/compose/compose.yaml")).doesNotExist();
        assertThat(sandbox.vm("/opt/dockyard/compose/.env")).doesNotExist();
    }

    @Test
    void engineThatNeverAnswersFailsTheScriptWithAClearMessage() {
        ScriptSandbox.Run run = sandbox.run(SCRIPT.render(TestHosts.minimal(server)),
                Map.of("SHIM_INFO_EXIT", "1", "DOCKYARD_ENGINE_WAIT", "2"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("dockyard: error: Docker Engine did not answer 'docker info' within 2s");
    }

    @Test
    void engineThatFailsToRestartFailsTheScript() {
        ScriptSandbox.Run run = sandbox.run(SCRIPT.render(TestHosts.minimal(server)), Map.of("SHIM_RESTART_EXIT", "1"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("dockyard: error: Docker did not start with this configuration");
        assertThat(sandbox.takeLog("docker")).isEmpty();
    }

    @Test
    void packagesAreNeverInstalledIntoASandbox() {
        ScriptSandbox.Run run = sandbox.run(SCRIPT.render(TestHosts.minimal(server)), Map.of("DOCKYARD_SKIP_INSTALL", "0"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("DOCKYARD_ROOT is set but packages cannot be installed into a sandbox");
        assertThat(sandbox.takeLog("systemctl")).isEmpty();
    }

    @Test
    void pinnedReleaseIsMatchedExactlyAmongTheRepositorysVersions() throws Exception {
        Path bin = Files.createDirectories(sandbox.dir().resolve("apt-bin"));
        Path aptCache = Files.writeString(bin.resolve("apt-cache"), """
                #!/usr/bin/env bash
                printf ' docker-ce | %s | https://download.docker.com/linux/ubuntu noble/stable amd64 Packages\\n' \\
                    5:27.5.10-1~ubuntu.24.04~noble 5:27.5.1-1~ubuntu.24.04~noble 5:27.5.0-1~ubuntu.24.04~noble
                """);
        aptCache.toFile().setExecutable(true);
        Path script = Files.writeString(sandbox.dir().resolve("functions.sh"),
                SCRIPT.render(TestHosts.full(server)));

        ScriptSandbox.Run run = sandbox.run("source " + script + "\n"
                + "printf '%s|%s|%s\\n' \"$(candidate_version 27.5.1)\" \"$(candidate_version 27.5.10)\" \"$(candidate_version 27.6.0)\"\n",
                Map.of("PATH", bin + ":" + System.getenv("PATH")));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).isEqualTo("5:27.5.1-1~ubuntu.24.04~noble|5:27.5.10-1~ubuntu.24.04~noble|\n");
        assertThat(sandbox.takeLog("systemctl")).as("sourcing runs nothing").isEmpty();
    }
}
