package io.dockyard.reconciler.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dockyard.pki.ClientBundle;
import io.dockyard.simulator.ArmBodies;
import io.dockyard.simulator.ArmHttp;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.simulator.TestSimulators;
import io.dockyard.support.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The probe against a simulated host's Docker engine: the right client CA gets the version, another does not. */
class DockerProbeTest {

    private ArmSimulator simulator;

    @AfterEach
    void stop() {
        TestSimulators.stop(simulator);
    }

    @Test
    void reachesAnEngineWithTheHostsClientCaAndReadsItsVersion() throws Exception {
        simulator = TestSimulators.start();
        ArmHttp arm = new ArmHttp(simulator);
        ArmBodies.Host host = ArmBodies.host(arm, "dy-probe", "dy-probe", "Standard_B2s");
        String address = arm.get(host.publicIp()).json().path("properties").path("ipAddress").asString();
        TestCertificates.Issued root = TestCertificates.ca("root");
        TestCertificates.Issued clientCa = TestCertificates.ca("host client CA");
        TestCertificates.Issued server = TestCertificates.server(root, address);
        String extension = host.vm() + "/extensions/docker";
        arm.put(extension, """
                {"location":"eastus","properties":{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript",
                "typeHandlerVersion":"2.1","protectedSettings":{"script":"%s"}}}"""
                .formatted(ArmBodies.gzipBase64(
                        ArmBodies.dockerScript(clientCa, server, 2376))));
        await().atMost(Duration.ofSeconds(30)).until(() -> arm.get(extension).json().path("properties")
                .path("provisioningState").asString().equals("Succeeded"));

        DockerProbe probe = new DockerProbe(Duration.ofSeconds(5));
        TestCertificates.Issued probeCert = TestCertificates.client(clientCa, "dockyard-probe");
        DockerProbe.Result ok = probe.probe(InetAddress.getByName(address), 2376, bundle(probeCert), root.certificatePem());
        assertThat(ok.reachable()).as(ok.error()).isTrue();
        assertThat(ok.serverVersion()).isEqualTo("27.5.1");

        TestCertificates.Issued stranger = TestCertificates.client(TestCertificates.ca("other host"), "mallory");
        DockerProbe.Result refused = probe.probe(InetAddress.getByName(address), 2376, bundle(stranger), root.certificatePem());
        assertThat(refused.reachable()).isFalse();
        assertThat(refused.error()).isNotBlank();

        DockerProbe.Result closed = probe.probe(InetAddress.getByName(address), 2377, bundle(probeCert), root.certificatePem());
        assertThat(closed.reachable()).isFalse();
        assertThat(closed.error()).startsWith("no answer");
    }

    private static ClientBundle bundle(TestCertificates.Issued certificate) {
        return new ClientBundle("1", Instant.now().plusSeconds(600), "", certificate.certificatePem(), certificate.keyPem());
    }
}
