package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockyard.bootstrap.internal.InstallScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rendered install script passes shellcheck at its strictest, whatever the host's settings. */
class InstallScriptShellcheckTest {

    private static final InstallScript SCRIPT = new InstallScript(BootstrapProperties.defaults());
    private static TestCertificates.Issued server;

    @TempDir
    Path dir;

    @BeforeAll
    static void requirements() {
        Assumptions.assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(path -> Files.isExecutable(Path.of(path, "shellcheck"))), "shellcheck is not installed");
        server = TestHosts.server("127.0.0.1");
    }

    static Stream<Arguments> hosts() {
        TestCertificates.Issued pair = TestHosts.server("127.0.0.1");
        BootstrapSettings minimal = TestHosts.minimal(pair);
        return Stream.of(
                Arguments.of("minimal", minimal),
                Arguments.of("registry logins", TestHosts.with(minimal, Map.of(), TestHosts.logins(), Map.of(), null)),
                Arguments.of("environment", TestHosts.with(minimal, Map.of(), List.of(), TestHosts.environment(), null)),
                Arguments.of("compose", TestHosts.with(minimal, Map.of(), List.of(), Map.of(), TestHosts.COMPOSE)),
                Arguments.of("pinned version", new BootstrapSettings(minimal.hostId(), 2376, "27.5.1", Map.of(), List.of(),
                        Map.of(), null, minimal.clientCaPem(), minimal.serverCertificatePem(), minimal.serverKeyPem())),
                Arguments.of("daemonConfig", TestHosts.with(minimal, TestHosts.daemonConfig(), List.of(), Map.of(), null)),
                Arguments.of("everything", TestHosts.full(pair)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void renderedScriptPassesShellcheck(String name, BootstrapSettings host) throws Exception {
        Path script = Files.writeString(dir.resolve("install-docker.sh"), SCRIPT.render(host));
        Process process = new ProcessBuilder("shellcheck", "--shell=bash", "--severity=style",
                script.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
