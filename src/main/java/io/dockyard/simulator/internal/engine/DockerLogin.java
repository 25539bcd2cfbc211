package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registry login the legacy Docker extension performed for its {@code login} settings. Against
 * a real dockerd it runs the docker CLI with the password on stdin; with fake engines it only
 * records the call. The password never appears in an argument list or a log.
 */
final class DockerLogin {

    private DockerLogin() {
    }

    /** Records the login in the sandbox's docker.log, as the docker shim would. */
    static void record(Sandbox sandbox, String server, String username) throws IOException {
        String line = "docker login --username " + username + " --password-stdin" + (server == null ? "" : " " + server);
        Files.writeString(sandbox.dockerLog(), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Logs the sandbox's dockerd in to {@code server} (Docker Hub if null).
     *
     * @throws EngineStartException with the CLI's output if the login fails
     */
    static void perform(Sandbox sandbox, String server, String username, String password) throws EngineStartException {
        Path docker = Executables.find("docker")
                .orElseThrow(() -> new EngineStartException("docker login failed: the docker CLI is not installed"));
        List<String> command = new ArrayList<>(List.of(docker.toString(), "--host", "unix://" + sandbox.dockerSocket(),
                "login", "--username", username, "--password-stdin"));
        if (server != null) {
            command.add(server);
        }
        Path output = sandbox.simulatorDir().resolve("docker-login.log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(sandbox.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER_"));
            builder.environment().put("DOCKER_CONFIG", sandbox.dockerConfigDir().toString());
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(password.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                ProcessTrees.kill(ProcessTrees.tree(process.toHandle()));
                throw new EngineStartException("docker login failed: timed out after 60s");
            }
            if (process.exitValue() != 0) {
                throw new EngineStartException("docker login failed: " + OutputTail.of(output, 2048).strip());
            }
        } catch (IOException e) {
            throw new EngineStartException("docker login failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineStartException("docker login was interrupted");
        }
    }
}
