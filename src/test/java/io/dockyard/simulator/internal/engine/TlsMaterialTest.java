package io.dockyard.simulator.internal.engine;

import static io.dockyard.simulator.internal.engine.EngineTestSupport.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsMaterialTest {

    @TempDir
    Path dir;

    private DaemonConfig write(TestPki ca, String certPem, String keyPem) throws Exception {
        Sandbox sandbox = new Sandbox(dir);
        Files.createDirectories(dir.resolve("etc/docker"));
        Files.writeString(dir.resolve("etc/docker/ca.pem"), ca.caPem());
        Files.writeString(dir.resolve("etc/docker/cert.pem"), certPem);
        Files.writeString(dir.resolve("etc/docker/key.pem"), keyPem);
        return DaemonConfig.parse((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("""
                {"tlsverify": true, "tlscacert": "/etc/docker/ca.pem", "tlscert": "/etc/docker/cert.pem",
                 "tlskey": "/etc/docker/key.pem", "hosts": ["tcp://0.0.0.0:2376"]}"""), sandbox);
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"EC, pkcs8", "EC, traditional", "RSA, pkcs8", "RSA, traditional"})
    void serverKeysLoadInPkcs8AndTraditionalPem(String algorithm, String form) throws Exception {
        TestPki ca = TestPki.create("CA", algorithm);
        TestPki.Issued server = ca.server(address("127.100.9.1"));
        String key = form.equals("pkcs8") ? server.keyPem() : server.traditionalKeyPem();
        assertThat(key).contains(form.equals("pkcs8") ? "BEGIN PRIVATE KEY" : "BEGIN " + algorithm + " PRIVATE KEY");

        TlsMaterial tls = TlsMaterial.load(write(ca, server.certificatePem() + ca.caPem(), key));

        assertThat(tls.trustsClients()).isTrue();
        assertThat(tls.context().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void keyOfAnotherCertificateIsRejected() throws Exception {
        TestPki ca = TestPki.create("CA");
        TestPki.Issued server = ca.server(address("127.100.9.1"));
        TestPki.Issued other = ca.server(address("127.100.9.2"));

        assertThatThrownBy(() -> TlsMaterial.load(write(ca, server.certificatePem(), other.keyPem())))
                .isInstanceOf(EngineStartException.class)
                .hasMessageContaining("does not match server certificate");
    }

    @Test
    void missingAndEmptyFilesAreReported() throws Exception {
        TestPki ca = TestPki.create("CA");
        TestPki.Issued server = ca.server(address("127.100.9.1"));
        DaemonConfig config = write(ca, "not a certificate", server.keyPem());

        assertThatThrownBy(() -> TlsMaterial.load(config)).hasMessageContaining("holds no PEM certificate");
        Files.delete(dir.resolve("etc/docker/cert.pem"));
        assertThatThrownBy(() -> TlsMaterial.load(config)).hasMessageContaining("does not exist");
    }

    @Test
    void daemonJsonPathsResolveInsideTheSandboxAndPortsFollowDockerdDefaults() throws Exception {
        Sandbox sandbox = new Sandbox(dir);
        DaemonConfig tls = DaemonConfig.parse((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("""
                {"tlsverify": true, "tlscacert": "/etc/docker/ca.pem", "tlscert": "certs/c.pem",
                 "tlskey": "%s/k.pem", "hosts": ["fd://", "tcp://10.0.0.4"]}""".formatted(dir)), sandbox);
        assertThat(tls.caFile()).isEqualTo(dir.resolve("etc/docker/ca.pem"));
        assertThat(tls.certFile()).isEqualTo(dir.resolve("certs/c.pem"));
        assertThat(tls.keyFile()).isEqualTo(dir.resolve("k.pem"));
        assertThat(tls.tcpPort()).isEqualTo(2376);

        DaemonConfig plain = DaemonConfig.parse((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("""
                {"hosts": ["unix:///var/run/docker.sock", "tcp://[::]"]}"""), sandbox);
        assertThat(plain.tls()).isFalse();
        assertThat(plain.tcpPort()).isEqualTo(2375);

        assertThatThrownBy(() -> DaemonConfig.parse((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                "{\"tlsverify\": true, \"tlscacert\": \"/../../etc/passwd\"}"), sandbox))
                .hasMessageContaining("leaves the VM's file system");
        assertThatThrownBy(() -> DaemonConfig.parse((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                "{\"hosts\": [\"tcp://0.0.0.0:99999\"]}"), sandbox))
                .hasMessageContaining("invalid port");
    }

    @Test
    void invalidDaemonJsonIsReported() throws Exception {
        Sandbox sandbox = new Sandbox(dir);
        Files.createDirectories(dir.resolve("etc/docker"));
        Files.writeString(dir.resolve("etc/docker/daemon.json"), "{\"hosts\": [");

        assertThatThrownBy(() -> DaemonConfig.load(sandbox)).hasMessageContaining("daemon.json is not valid JSON");
    }
}
