package io.dockyard.simulator;

import io.dockyard.support.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineExtensionInner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The effect of a Custom Script extension: the simulator runs the very script it was given in a sandbox, then
 * serves Docker at the VM's public address with exactly the TLS files the script wrote — a fake engine by
 * default, a real dockerd where one is installed.
 */
class ExtensionEffectTest {

    private ArmSimulator simulator;

    @AfterEach
    void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void customScriptBringsUpAFakeEngineThatTrustsOnlyTheWrittenCa() throws Exception {
        simulator = TestSimulators.start();
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host host = ArmBodies.host(arm, "dy-engine", "dy-engine", "Standard_B2s");
        String address = arm.get(host.publicIp()).json().path("properties").path("ipAddress").asString();
        TestCertificates.Issued ca = TestCertificates.ca("host client CA");
        TestCertificates.Issued server = TestCertificates.server(ca, address);

        SdkClients azure = SdkClients.of(simulator);
        VirtualMachineExtensionInner extension = new VirtualMachineExtensionInner().withLocation("eastus")
                .withPublisher("Microsoft.Azure.Extensions").withTypePropertiesType("CustomScript")
                .withTypeHandlerVersion("2.1").withAutoUpgradeMinorVersion(true)
                .withProtectedSettings(Map.of("script", ArmBodies.gzipBase64(ArmBodies.dockerScript(ca, server, 2376))));
        VirtualMachineExtensionInner applied = azure.compute().serviceClient().getVirtualMachineExtensions()
                .createOrUpdate("dy-engine", "vm", "docker", extension);
        assertThat(applied.provisioningState()).isEqualTo("Succeeded");
        assertThat(applied.protectedSettings()).isNull();

        HttpClient trusted = HttpClient.newBuilder().sslContext(TestCertificates.client(ca, "alice").clientContext(ca)).build();
        HttpResponse<String> ping = trusted.send(HttpRequest.newBuilder(URI.create("https://" + address + ":2376/_ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("OK");
        HttpResponse<String> version = trusted.send(HttpRequest.newBuilder(
                URI.create("https://" + address + ":2376/v1.41/version")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(version.body()).contains("\"ApiVersion\"");

        TestCertificates.Issued otherCa = TestCertificates.ca("another host's client CA");
        HttpClient stranger = HttpClient.newBuilder().sslContext(TestCertificates.client(otherCa, "mallory").clientContext(ca)).build();
        assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(URI.create("https://" + address + ":2376/_ping")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        assertThat(simulator.engines()).singleElement().satisfies(engine -> {
            assertThat(engine.address()).isEqualTo(address);
            assertThat(engine.port()).isEqualTo(2376);
            assertThat(engine.state()).isEqualTo("running");
        });
        JsonNode view = arm.get(host.vm() + "/extensions/docker?api-version=2025-04-01&$expand=instanceView").json();
        assertThat(view.path("properties").path("instanceView").path("statuses").path(0).path("code").asString())
                .isEqualTo("ProvisioningState/succeeded");
        assertThat(view.toString()).doesNotContain("BEGIN PRIVATE KEY").doesNotContain("\"script\"");

        arm.delete(host.group());
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.engines().isEmpty());
        assertThatThrownBy(() -> trusted.send(HttpRequest.newBuilder(URI.create("https://" + address + ":2376/_ping"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void failingScriptMakesTheExtensionFailedWithItsOutput() {
        simulator = TestSimulators.start();
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host host = ArmBodies.host(arm, "dy-broken", "dy-broken", "Standard_B2s");
        String script = "#!/bin/bash\nset -euo pipefail\necho 'installing docker'\necho 'E: Unable to locate package docker-ce' >&2\nexit 100\n";
        String extension = host.vm() + "/extensions/docker";
        ArmHttp.Answer put = arm.put(extension, """
                {"location":"eastus","properties":{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript",
                "typeHandlerVersion":"2.1","protectedSettings":{"script":"%s"}}}""".formatted(ArmBodies.gzipBase64(script)));
        assertThat(put.status()).isEqualTo(201);
        String operation = put.header("Azure-AsyncOperation");
        await().atMost(Duration.ofSeconds(30)).until(() -> !arm.get(operation).json().path("status").asString().equals("InProgress"));
        JsonNode status = arm.get(operation).json();
        assertThat(status.path("status").asString()).isEqualTo("Failed");
        assertThat(status.path("error").path("code").asString()).isEqualTo("VMExtensionProvisioningError");
        assertThat(status.path("error").path("message").asString()).contains("exit status=100")
                .contains("Unable to locate package docker-ce");
        JsonNode body = arm.get(extension + "?api-version=2025-04-01&$expand=instanceView").json();
        assertThat(body.path("properties").path("provisioningState").asString()).isEqualTo("Failed");
        assertThat(body.path("properties").path("instanceView").toString()).contains("installing docker");
        assertThat(simulator.engines()).isEmpty();
    }

    @Test
    void extensionLastsAtLeastTheConfiguredProvisioningTime() {
        simulator = ArmSimulator.start(TestSimulators.fast().withTiming(
                new SimulatorProperties.Timing(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(1500), Duration.ZERO, 100)));
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host host = ArmBodies.host(arm, "dy-slow-ext", "dy-slow-ext", "Standard_B2s");
        String extension = host.vm() + "/extensions/docker";
        long started = System.nanoTime();
        ArmHttp.Answer put = arm.put(extension, """
                {"location":"eastus","properties":{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript",
                "typeHandlerVersion":"2.1","protectedSettings":{"script":"%s"}}}""".formatted(
                ArmBodies.gzipBase64("#!/bin/bash\nexit 3\n")));
        assertThat(put.status()).isEqualTo(201);
        String operation = put.header("Azure-AsyncOperation");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !arm.get(operation).json().path("status").asString().equals("InProgress"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1400));
        assertThat(arm.get(operation).json().path("status").asString()).isEqualTo("Failed");
    }

    @Test
    void customScriptBringsUpARealDockerdWhereOneIsInstalled(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(executable("dockerd") && executable("docker") && "root".equals(System.getProperty("user.name")),
                "needs dockerd, the docker CLI and root");
        SimulatorProperties settings = TestSimulators.fast();
        simulator = ArmSimulator.start(settings.withEngine(new SimulatorProperties.Engine("dockerd",
                settings.engine().firstAddress(), Duration.ofMinutes(2), Duration.ofSeconds(90), "27.5.1")));
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host host = ArmBodies.host(arm, "dy-dockerd", "dy-dockerd", "Standard_B2s");
        String address = arm.get(host.publicIp()).json().path("properties").path("ipAddress").asString();
        TestCertificates.Issued ca = TestCertificates.ca("host client CA");
        TestCertificates.Issued server = TestCertificates.server(ca, address);
        String extension = host.vm() + "/extensions/docker";
        ArmHttp.Answer put = arm.put(extension, """
                {"location":"eastus","properties":{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript",
                "typeHandlerVersion":"2.1","protectedSettings":{"script":"%s"}}}""".formatted(ArmBodies.gzipBase64(ArmBodies.dockerScript(ca, server, 2376))));
        assertThat(put.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> !arm.get(extension)
                .json().path("properties").path("provisioningState").asString().matches("Creating|Updating"));
        assertThat(arm.get(extension).json().path("properties").path("provisioningState").asString())
                .as(arm.get(extension + "?api-version=2025-04-01&$expand=instanceView").text()).isEqualTo("Succeeded");

        TestCertificates.Issued alice = TestCertificates.client(ca, "alice");
        Path certs = Files.createDirectories(dir.resolve("alice"));
        Files.writeString(certs.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(certs.resolve("cert.pem"), alice.certificatePem());
        Files.writeString(certs.resolve("key.pem"), alice.keyPem());
        Process docker = new ProcessBuilder("docker", "--tlsverify", "--tlscacert", certs.resolve("ca.pem").toString(),
                "--tlscert", certs.resolve("cert.pem").toString(), "--tlskey", certs.resolve("key.pem").toString(),
                "-H", "tcp://" + address + ":2376", "version", "--format", "{{.Server.Version}}")
                .redirectErrorStream(true).start();
        String output = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(docker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(docker.exitValue()).as(output).isZero();
        assertThat(output.strip()).matches("\\d+\\.\\d+.*");
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
