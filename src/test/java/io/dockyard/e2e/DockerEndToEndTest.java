package io.dockyard.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.ClientBundle;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.SimulatedAzure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole promise, with the real parts: POST a host, the reconciler provisions it in the simulated Azure, the
 * install script runs and a real dockerd starts from the files it wrote; then, with {@code docker-env} and a
 * client bundle from the API, the real docker CLI runs {@code docker version} and a container of an image made
 * with {@code docker import}. Another host's certificate is refused at the TLS handshake. Runs where dockerd,
 * the docker CLI and busybox are installed and the user is root (CI installs them).
 */
@Import(SimulatedAzure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dockyard.simulator.enabled=true",
        "dockyard.simulator.port=0",
        "dockyard.simulator.work-dir=${java.io.tmpdir}/dy-docker-e2e-sim",
        "dockyard.simulator.timing.vm-provisioning=0s",
        "dockyard.simulator.engine.mode=dockerd",
        "dockyard.azure.enabled=true",
        "dockyard.reconciler.enabled=true",
        "dockyard.reconciler.poll-interval=1s",
        "dockyard.reconciler.pass.in-progress-requeue=300ms",
        "dockyard.reconciler.pass.backoff-base=500ms",
        "dockyard.reconciler.pass.endpoint-by-address=true"
})
class DockerEndToEndTest extends ApiTestSupport {

    @Autowired
    ArmSimulator simulator;
    @Autowired
    CertificateAuthority authority;

    @BeforeAll
    static void requireTools() {
        Assumptions.assumeTrue(executable("dockerd") && executable("docker") && Files.isExecutable(Path.of("/bin/busybox"))
                && "root".equals(System.getProperty("user.name")), "needs dockerd, the docker CLI, busybox and root");
    }

    @Test
    void aPostedHostServesTheRealDockerCliAndRunsAContainer(@TempDir Path dir) throws Exception {
        ApiResponse created = api.post("/api/v1/hosts", teamA, spec("e2e-docker").toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api.get("/api/v1/hosts/" + id, teamA).json().path("status").path("phase").asString())
                        .as(api.get("/api/v1/hosts/" + id, teamA).body()).isEqualTo("Ready"));

        String env = api.get("/api/v1/hosts/" + id + "/docker-env", teamA).body();
        String dockerHost = env.lines().filter(l -> l.startsWith("export DOCKER_HOST=")).findFirst().orElseThrow()
                .replaceAll("export DOCKER_HOST=\"(.*)\"", "$1");
        Path certs = unzip(clientBundleZip(id), Files.createDirectories(dir.resolve("team-a")));

        Result version = docker(dockerHost, certs, null, "version", "--format", "{{.Server.Version}}");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output().strip()).matches("\\d+\\.\\d+.*");

        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        Path image = dir.resolve("image.tar");
        assertThat(run(List.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf", image.toString(), "."), Map.of(), null).exit()).isZero();
        Result imported = docker(dockerHost, certs, image, "import", "-", "dockyard-e2e:latest");
        assertThat(imported.exit()).as(imported.output()).isZero();
        Result ran = docker(dockerHost, certs, null, "run", "--rm", "--network", "none", "dockyard-e2e:latest",
                "/bin/busybox", "echo", "ok");
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output().strip()).isEqualTo("ok");

        ApiResponse current = api.get("/api/v1/hosts/" + id, teamA);
        ApiResponse patched = api.patch("/api/v1/hosts/" + id, teamA, "{\"docker\":{\"daemonConfig\":{\"labels\":[\"team=a\"]}}}",
                Map.of("If-Match", current.header("ETag"), "Content-Type", "application/merge-patch+json"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var status = api.get("/api/v1/hosts/" + id, teamA).json().path("status");
            assertThat(status.path("observedGeneration").asLong()).isEqualTo(2);
            assertThat(status.path("phase").asString()).isEqualTo("Ready");
        });
        Result labels = docker(dockerHost, certs, null, "info", "--format", "{{json .Labels}}");
        assertThat(labels.exit()).as(labels.output()).isZero();
        assertThat(labels.output()).contains("team=a");
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).body()).contains("the spec changed (generation 2)");

        ClientBundle stranger = authority.issueClientCertificate(UUID.randomUUID(), "mallory", Duration.ofHours(1), "test");
        Path strangerCerts = Files.createDirectories(dir.resolve("mallory"));
        Files.writeString(strangerCerts.resolve("ca.pem"), stranger.caPem());
        Files.writeString(strangerCerts.resolve("cert.pem"), stranger.certPem());
        Files.writeString(strangerCerts.resolve("key.pem"), stranger.keyPem());
        Result refused = docker(dockerHost, strangerCerts, null, "version", "--format", "{{.Server.Version}}");
        assertThat(refused.exit()).as(refused.output()).isNotZero();

        assertThat(api.delete("/api/v1/hosts/" + id, teamA).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/hosts/" + id, teamA).status() == 404);
        assertThat(simulator.engines()).isEmpty();
    }

    private byte[] clientBundleZip(String id) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/hosts/"
                        + id + "/client-certificates"))
                .header("Authorization", "Bearer " + teamA).header("Accept", "application/zip")
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(201);
        return response.body();
    }

    private static Path unzip(byte[] zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Files.write(target.resolve(Path.of(entry.getName()).getFileName()), in.readAllBytes());
            }
        }
        return target;
    }

    private record Result(int exit, String output) {
    }

    private static Result docker(String host, Path certs, Path stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command, Map.of("DOCKER_HOST", host, "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString(),
                "DOCKER_CONFIG", certs.resolve(".config").toString()), stdin);
    }

    private static Result run(List<String> command, Map<String, String> environment, Path stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", name));
    }
}
