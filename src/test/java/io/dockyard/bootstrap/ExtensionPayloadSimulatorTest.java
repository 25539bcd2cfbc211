package io.dockyard.bootstrap;

import io.dockyard.support.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineExtensionInner;
import io.dockyard.simulator.ArmBodies;
import io.dockyard.simulator.ArmHttp;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.simulator.SdkClients;
import io.dockyard.simulator.SimulatorProperties;
import io.dockyard.simulator.TestSimulators;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both payloads applied as VM extensions to the simulated cloud, which runs them the way Azure
 * would (the Custom Script's very script, in a sandbox) and then serves Docker at the VM's public
 * address from exactly the files they wrote: reachable over mutual TLS with a certificate from the
 * host's client CA, and not with any other.
 */
class ExtensionPayloadSimulatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ArmSimulator simulator;

    @AfterEach
    void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void customScriptPayloadBringsUpAnEngineOnlyTheHostsClientsReach() throws Exception {
        simulator = TestSimulators.start();
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host vm = ArmBodies.host(arm, "dy-script", "dy-script", "Standard_B2s");
        String address = address(arm, vm);
        TestCertificates.Issued server = TestHosts.server(address);
        ExtensionPayload payload = new BootstrapPayloads(BootstrapProperties.defaults()).payload(TestHosts.full(server));

        VirtualMachineExtensionInner applied = SdkClients.of(simulator).compute().serviceClient()
                .getVirtualMachineExtensions().createOrUpdate("dy-script", "vm", payload.name(), extension(payload));

        assertThat(applied.provisioningState()).isEqualTo("Succeeded");
        assertThat(applied.forceUpdateTag()).isEqualTo(payload.forceUpdateTag());
        assertThat(ping(address, 2376, TestCertificates.client(TestHosts.clientCa(), "alice"))).isEqualTo("OK");
        assertThatThrownBy(() -> ping(address, 2376,
                TestCertificates.client(TestCertificates.ca("another host's client CA"), "mallory")))
                .isInstanceOf(IOException.class);
        String view = arm.get(vm.vm() + "/extensions/" + payload.name() + "?api-version=2025-04-01&$expand=instanceView").text();
        assertThat(view).contains("dockyard: restarting Docker: its configuration changed", "dockyard: done");
        TestHosts.secrets(server).forEach(secret -> assertThat(view).doesNotContain(secret));
    }

    @Test
    void dockerExtensionPayloadBringsUpAnEngineOnlyTheHostsClientsReach() throws Exception {
        simulator = TestSimulators.start();
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host vm = ArmBodies.host(arm, "dy-legacy", "dy-legacy", "Standard_B2s");
        String address = address(arm, vm);
        TestCertificates.Issued server = TestHosts.server(address);
        BootstrapSettings full = TestHosts.full(server);
        BootstrapSettings host = new BootstrapSettings(full.hostId(), 2377, null, full.daemonConfig(),
                full.registryLogins().subList(0, 1), full.environment(), full.compose(), full.clientCaPem(),
                full.serverCertificatePem(), full.serverKeyPem());
        ExtensionPayload payload = new BootstrapPayloads(BootstrapProperties.defaults()
                .withMode(BootstrapProperties.Mode.DOCKER_EXTENSION)).payload(host);

        String extension = vm.vm() + "/extensions/" + payload.name();
        ArmHttp.Answer put = arm.put(extension, JSON.writeValueAsString(armBody(payload)));

        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(awaitProvisioning(arm, extension)).as(instanceView(arm, extension)).isEqualTo("Succeeded");
        assertThat(ping(address, 2377, TestCertificates.client(TestHosts.clientCa(), "alice"))).isEqualTo("OK");
        assertThatThrownBy(() -> ping(address, 2377,
                TestCertificates.client(TestCertificates.ca("another host's client CA"), "mallory")))
                .isInstanceOf(IOException.class);
        JsonNode stored = arm.get(extension).json().path("properties");
        assertThat(stored.path("settings").path("docker").path("options").toString())
                .contains("--log-opt=max-size=10m", "--label=team=payments");
        assertThat(stored.path("protectedSettings").isMissingNode()).isTrue();
    }

    @Test
    void dockerdRefusingTheDaemonConfigFailsTheExtensionWithItsComplaint() throws Exception {
        Assumptions.assumeTrue(onPath("dockerd") && onPath("docker") && "root".equals(System.getProperty("user.name")),
                "needs dockerd, the docker CLI and root");
        SimulatorProperties fast = TestSimulators.fast();
        simulator = ArmSimulator.start(fast.withEngine(new SimulatorProperties.Engine("dockerd",
                fast.engine().firstAddress(), Duration.ofMinutes(2), Duration.ofSeconds(90), "27.5.1")));
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host vm = ArmBodies.host(arm, "dy-dockerd", "dy-dockerd", "Standard_B2s");
        String address = address(arm, vm);
        TestCertificates.Issued server = TestHosts.server(address);
        BootstrapPayloads payloads = new BootstrapPayloads(BootstrapProperties.defaults());
        BootstrapSettings good = TestHosts.with(TestHosts.minimal(server), Map.of("log-level", "warn"), List.of(), Map.of(), null);
        String extension = vm.vm() + "/extensions/dockyard-docker";

        arm.put(extension, JSON.writeValueAsString(armBody(payloads.payload(good))));
        assertThat(awaitProvisioning(arm, extension)).as(instanceView(arm, extension)).isEqualTo("Succeeded");
        assertThat(ping(address, 2376, TestCertificates.client(TestHosts.clientCa(), "alice"))).isEqualTo("OK");

        BootstrapSettings refused = TestHosts.with(good, Map.of("no-such-option", true), List.of(), Map.of(), null);
        arm.put(extension, JSON.writeValueAsString(armBody(payloads.payload(refused))));

        assertThat(awaitProvisioning(arm, extension)).isEqualTo("Failed");
        String view = instanceView(arm, extension);
        assertThat(view).contains("the following directives don't match any configuration option: no-such-option")
                .contains("dockyard: error: Docker did not start with this configuration");
    }

    /** The body of a PUT .../extensions/NAME, from the payload alone. */
    static Map<String, Object> armBody(ExtensionPayload payload) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("publisher", payload.publisher());
        properties.put("type", payload.type());
        properties.put("typeHandlerVersion", payload.typeHandlerVersion());
        properties.put("autoUpgradeMinorVersion", payload.autoUpgradeMinorVersion());
        properties.put("settings", payload.settings());
        properties.put("protectedSettings", payload.protectedSettings());
        properties.put("forceUpdateTag", payload.forceUpdateTag());
        return Map.of("location", "eastus", "properties", properties);
    }

    private static VirtualMachineExtensionInner extension(ExtensionPayload payload) {
        return new VirtualMachineExtensionInner().withLocation("eastus").withPublisher(payload.publisher())
                .withTypePropertiesType(payload.type()).withTypeHandlerVersion(payload.typeHandlerVersion())
                .withAutoUpgradeMinorVersion(payload.autoUpgradeMinorVersion()).withSettings(payload.settings())
                .withProtectedSettings(payload.protectedSettings()).withForceUpdateTag(payload.forceUpdateTag());
    }

    private static String address(ArmHttp arm, ArmBodies.Host vm) {
        return arm.get(vm.publicIp()).json().path("properties").path("ipAddress").asString();
    }

    private static String awaitProvisioning(ArmHttp arm, String extension) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> !arm.get(extension)
                .json().path("properties").path("provisioningState").asString().matches("Creating|Updating"));
        return arm.get(extension).json().path("properties").path("provisioningState").asString();
    }

    private static String instanceView(ArmHttp arm, String extension) {
        return arm.get(extension + "?api-version=2025-04-01&$expand=instanceView").text();
    }

    /** GET /_ping over mutual TLS, trusting the server CA only. */
    private static String ping(String address, int port, TestCertificates.Issued client) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(client.clientContext(TestHosts.serverCa()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://" + address + ":" + port + "/_ping"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static boolean onPath(String name) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }
}
