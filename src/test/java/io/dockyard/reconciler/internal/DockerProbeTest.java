package io.dockyard.reconciler.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

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

    @Test
    void makesAFreshHandshakeForEveryProbeAndReadsAChunkedVersion() throws Exception {
        TestCertificates.Issued root = TestCertificates.ca("root");
        TestCertificates.Issued clientCa = TestCertificates.ca("host client CA");
        try (TinyEngine engine = new TinyEngine(TestCertificates.server(root, "127.0.0.1"), clientCa)) {
            DockerProbe probe = new DockerProbe(Duration.ofSeconds(5));
            ClientBundle credentials = bundle(TestCertificates.client(clientCa, "dockyard-probe"));
            for (int i = 0; i < 2; i++) {
                DockerProbe.Result result = probe.probe(InetAddress.getLoopbackAddress(), engine.port(), credentials,
                        root.certificatePem());
                assertThat(result.reachable()).as(result.error()).isTrue();
                assertThat(result.serverVersion()).isEqualTo("28.0.4");
            }
            assertThat(engine.handshakes()).as("one connection and handshake per probe, none reused").isEqualTo(2);
        }
    }

    @Test
    void refusesAnEngineWhoseCertificateNamesAnotherAddress() throws Exception {
        TestCertificates.Issued root = TestCertificates.ca("root");
        TestCertificates.Issued clientCa = TestCertificates.ca("host client CA");
        try (TinyEngine engine = new TinyEngine(TestCertificates.server(root, "10.1.2.3"), clientCa)) {
            DockerProbe.Result result = new DockerProbe(Duration.ofSeconds(5)).probe(InetAddress.getLoopbackAddress(),
                    engine.port(), bundle(TestCertificates.client(clientCa, "dockyard-probe")), root.certificatePem());
            assertThat(result.reachable()).isFalse();
            assertThat(result.error()).startsWith("TLS handshake failed").contains("127.0.0.1");
        }
    }

    @Test
    void givesUpOnAnEngineThatTricklesItsAnswerAfterTwiceTheTimeout() throws Exception {
        TestCertificates.Issued root = TestCertificates.ca("root");
        TestCertificates.Issued clientCa = TestCertificates.ca("host client CA");
        SSLContext context = TestCertificates.server(root, "127.0.0.1").serverContext(clientCa);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 4,
                InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            Thread trickler = Thread.ofVirtual().start(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 100; i++) {
                        out.write('X');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // the probe hung up, as it should
                }
            });
            long started = System.nanoTime();
            DockerProbe.Result result = new DockerProbe(Duration.ofSeconds(1)).probe(InetAddress.getLoopbackAddress(),
                    server.getLocalPort(), bundle(TestCertificates.client(clientCa, "dockyard-probe")),
                    root.certificatePem());

            assertThat(result.reachable()).isFalse();
            assertThat(result.error()).contains("took longer than the probe allows");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1800),
                    Duration.ofMillis(3500));
            trickler.interrupt();
        }
    }

    /** A mutual-TLS engine in this JVM that answers /_ping with a length and /version in chunks, as dockerd may. */
    private static final class TinyEngine implements AutoCloseable {
        private final SSLServerSocket server;
        private final AtomicInteger handshakes = new AtomicInteger();
        private final Thread acceptor;

        TinyEngine(TestCertificates.Issued serverCertificate, TestCertificates.Issued clientCa) throws Exception {
            SSLContext context = serverCertificate.serverContext(clientCa);
            server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8,
                    InetAddress.getLoopbackAddress());
            server.setNeedClientAuth(true);
            acceptor = Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        int handshakes() {
            return handshakes.get();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                    handshakes.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII));
                    OutputStream out = socket.getOutputStream();
                    String requestLine;
                    while ((requestLine = in.readLine()) != null) {
                        boolean close = false;
                        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                            close |= header.equalsIgnoreCase("Connection: close");
                        }
                        String answer = requestLine.startsWith("GET /_ping ")
                                ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
                                : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        + "c\r\n{\"Version\":\"\r\n8\r\n28.0.4\"}\r\n0\r\n\r\n";
                        out.write(answer.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (close) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // a refused handshake or a closed server: wait for the next connection or stop
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5000);
        }
    }

    private static ClientBundle bundle(TestCertificates.Issued certificate) {
        return new ClientBundle("1", Instant.now().plusSeconds(600), "", certificate.certificatePem(), certificate.keyPem());
    }
}
