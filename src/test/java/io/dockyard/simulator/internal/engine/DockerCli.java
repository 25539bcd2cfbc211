package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real docker CLI, pointed at an engine over TCP with client TLS files, isolated from the machine's config. */
final class DockerCli {

    record Result(int exitCode, String output) {
    }

    private final Path dir;

    /** Writes the client's TLS files into {@code dir}. */
    DockerCli(Path dir, TestPki trusted, TestPki.Issued client) throws IOException {
        this.dir = Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.pem"), trusted.caPem());
        Files.writeString(dir.resolve("cert.pem"), client.certificatePem());
        Files.writeString(dir.resolve("key.pem"), client.keyPem());
    }

    static boolean installed() {
        return Executables.find("docker").isPresent();
    }

    Result run(InetAddress address, int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Executables.find("docker").orElseThrow().toString(),
                "--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("cert.pem").toString(), "--tlskey", dir.resolve("key.pem").toString(),
                "-H", "tcp://" + address.getHostAddress() + ":" + port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER_"));
        builder.environment().put("DOCKER_CONFIG", dir.resolve("config").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Result(-1, "timed out");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
