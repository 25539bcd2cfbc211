package io.dockyard.simulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimScriptsTest {

    @TempDir
    Path dir;

    @Test
    void shimsPassShellcheck() throws Exception {
        var shellcheck = Executables.find("shellcheck");
        Assumptions.assumeTrue(shellcheck.isPresent(), "shellcheck not installed");
        List<Path> shims = ShimScripts.install(dir, EngineMode.FAKE);
        assertThat(shims).extracting(path -> path.getFileName().toString()).containsExactly("systemctl", "docker");

        List<String> command = new ArrayList<>(List.of(shellcheck.get().toString(), "--shell=bash", "--severity=style"));
        shims.forEach(shim -> command.add(shim.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void dockerdModeInstallsNoDockerShim() {
        assertThat(ShimScripts.install(dir, EngineMode.DOCKERD))
                .extracting(path -> path.getFileName().toString()).containsExactly("systemctl");
    }

    @Test
    void systemctlChoresSucceedAndDockerQueriesTimeOutWithoutSimulator() throws Exception {
        Path bin = dir.resolve(".simulator/bin");
        Files.createDirectories(dir.resolve(".simulator/requests"));
        Files.createDirectories(dir.resolve(".simulator/replies"));
        ShimScripts.install(bin, EngineMode.FAKE);

        assertThat(run(bin, "systemctl daemon-reload && systemctl enable docker && systemctl is-enabled docker")).isEqualTo(0);
        assertThat(run(bin, "DOCKYARD_SHIM_TIMEOUT=1 systemctl restart docker")).isEqualTo(1);
        assertThat(Files.readString(dir.resolve(".simulator/systemctl.log")))
                .contains("systemctl daemon-reload", "systemctl enable docker", "systemctl restart docker");
        try (var left = Files.list(dir.resolve(".simulator/requests"))) {
            assertThat(left.toList()).as("a shim that gives up withdraws its request").isEmpty();
        }
    }

    private int run(Path bin, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("DOCKYARD_ROOT", dir.toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
