package io.dockyard.e2e;

import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.ServerCertificate;
import io.dockyard.support.ApiTestSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificates against the software they are for: a real dockerd, configured the way the
 * install payload configures it (server certificate chain, key, and the host's client CA as
 * {@code tlscacert}), answers the real docker CLI holding a bundle from the API, and refuses the
 * bundle of another host. Runs where dockerd is installed (CI installs Debian's docker.io).
 */
@EnabledIf("dockerAvailable")
class DockerdTlsTest extends ApiTestSupport {

    @Autowired
    CertificateAuthority ca;

    @TempDir
    Path dir;

    private Process dockerd;
    private Path execRoot;

    static boolean dockerAvailable() {
        return executable("dockerd") && executable("docker") && "root".equals(System.getProperty("user.name"));
    }

    private static boolean executable(String name) {
        for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(path, name))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", name));
    }

    @AfterEach
    void stopDockerd() throws InterruptedException {
        if (dockerd != null) {
            dockerd.descendants().forEach(ProcessHandle::destroy);
            dockerd.destroy();
            if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
                dockerd.descendants().forEach(ProcessHandle::destroyForcibly);
                dockerd.destroyForcibly();
            }
        }
        if (execRoot != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(execRoot.toFile());
        }
    }

    @Test
    void dockerCliWithTheHostsBundleReachesDockerdAndAnotherHostsBundleDoesNot() throws Exception {
        String host = create(teamA, "docker-host").get("id").stringValue();
        String other = create(teamA, "other-host").get("id").stringValue();
        int port = freePort();
        startDockerd(UUID.fromString(host), port);

        Path ownBundle = bundle(host, "own");
        Path foreignBundle = bundle(other, "foreign");
        Result own = awaitDocker(ownBundle, port);
        Result foreign = docker(foreignBundle, port);

        assertThat(own.exitCode()).as(own.output()).isZero();
        assertThat(own.output().trim()).matches("\\d+\\.\\d+.*");
        assertThat(foreign.exitCode()).as(foreign.output()).isNotZero();
        assertThat(foreign.output()).containsIgnoringCase("certificate");
    }

    private void startDockerd(UUID hostId, int port) throws IOException {
        ServerCertificate server = ca.issueServerCertificate(hostId, List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1")), "test");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("ca.pem"), ca.clientCa(hostId, "test").certificatePem());
        Files.writeString(etc.resolve("server-cert.pem"), server.certificatePem());
        Path key = Files.writeString(etc.resolve("server-key.pem"), server.privateKeyPem());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(etc.resolve("daemon.json"), "{}");
        // Short paths: containerd's sockets live under the exec root and unix socket paths are limited.
        Path exec = Files.createTempDirectory(Path.of("/tmp"), "dy-exec");
        execRoot = exec;
        List<String> command = new ArrayList<>(List.of("dockerd",
                "--config-file", etc.resolve("daemon.json").toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs",
                "--data-root", dir.resolve("data").toString(), "--exec-root", exec.toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "-H", "tcp://127.0.0.1:" + port,
                "--tlsverify", "--tlscacert", etc.resolve("ca.pem").toString(),
                "--tlscert", etc.resolve("server-cert.pem").toString(),
                "--tlskey", etc.resolve("server-key.pem").toString()));
        dockerd = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
    }

    private Path bundle(String hostId, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/v1/hosts/" + hostId + "/client-certificates"))
                .header("Authorization", "Bearer " + teamA).header("Accept", "application/zip")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(201);
        Path target = Files.createDirectories(dir.resolve(name));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Files.write(target.resolve(e.getName()), zip.readAllBytes());
            }
        }
        return target;
    }

    private Result awaitDocker(Path bundle, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Result last;
        do {
            last = docker(bundle, port);
            if (last.exitCode() == 0 || !dockerd.isAlive()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        if (last.exitCode() != 0) {
            return new Result(last.exitCode(), last.output() + "\n--- dockerd log ---\n"
                    + Files.readString(dir.resolve("dockerd.log")));
        }
        return last;
    }

    private Result docker(Path bundle, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("docker", "--tlsverify", "-H", "tcp://127.0.0.1:" + port,
                "version", "--format", "{{.Server.Version}}").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("DOCKER_CERT_PATH", bundle.toString());
        env.put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
        env.remove("DOCKER_HOST");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exitCode, String output) {
    }
}
