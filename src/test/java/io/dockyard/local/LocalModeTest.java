package io.dockyard.local;

import io.dockyard.DockyardApplication;
import io.dockyard.support.ApiClient;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode as a newcomer runs it: embedded PostgreSQL under a data directory, dev tokens in
 * tokens.env, and state that survives a restart.
 */
class LocalModeTest {

    @Test
    void keepsHostsAndTokensAcrossRestarts(@TempDir Path dir) throws Exception {
        Properties firstTokens;
        String hostId;
        try (ConfigurableApplicationContext app = start(dir)) {
            firstTokens = tokens(dir);
            assertThat(firstTokens.stringPropertyNames())
                    .containsExactlyInAnyOrder("DOCKYARD_TOKEN_TEAM_A", "DOCKYARD_TOKEN_TEAM_B", "DOCKYARD_TOKEN_ADMIN");
            String body = "{\"name\":\"survivor\",\"location\":\"eastus\",\"sshPublicKeys\":[\"" + SshKeys.ed25519()
                    + "\"],\"network\":{\"allowedSourceRanges\":[\"127.0.0.0/8\"]}}";
            ApiResponse created = send(app, "POST", "/api/v1/hosts",
                    firstTokens.getProperty("DOCKYARD_TOKEN_TEAM_A"), body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            hostId = created.header("Location").substring("/api/v1/hosts/".length());
            assertThat(Files.exists(dir.resolve("dev-kek"))).isTrue();
            assertSimulatedAzureAnswers(dir);
            io.dockyard.azure.AzureResources azure = app.getBean(io.dockyard.azure.AzureResources.class);
            assertThat(azure.managedResources()).as("the adapter talks to the in-process simulator")
                    .allSatisfy(r -> assertThat(r.hostId()).isEqualTo(hostId));
        }

        try (ConfigurableApplicationContext app = start(dir)) {
            Properties secondTokens = tokens(dir);
            assertThat(secondTokens).isEqualTo(firstTokens);
            ApiResponse fetched = send(app, "GET", "/api/v1/hosts/" + hostId,
                    secondTokens.getProperty("DOCKYARD_TOKEN_TEAM_A"), null);
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(fetched.body()).contains("survivor");
            ApiResponse otherTeam = send(app, "GET", "/api/v1/hosts/" + hostId,
                    secondTokens.getProperty("DOCKYARD_TOKEN_TEAM_B"), null);
            assertThat(otherTeam.status()).isEqualTo(404);
            ApiResponse adminList = send(app, "GET", "/api/v1/tokens",
                    secondTokens.getProperty("DOCKYARD_TOKEN_ADMIN"), null);
            assertThat(adminList.status()).isEqualTo(200);
            // The in-process cloud started empty; the reconciler rebuilds the remembered host in it.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> assertThat(send(app, "GET",
                            "/api/v1/hosts/" + hostId, secondTokens.getProperty("DOCKYARD_TOKEN_TEAM_A"), null).body())
                            .contains("\"phase\":\"Ready\""));
            io.dockyard.simulator.ArmSimulator cloud = app.getBean(io.dockyard.simulator.ArmSimulator.class);
            assertThat(cloud.engines()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("running"));
        }
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplication(DockyardApplication.class).run(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--dockyard.simulator.port=0",
                "--dockyard.local.data-dir=" + dir,
                "--dockyard.pki.dev-kek-file=" + dir.resolve("dev-kek"));
    }

    /** The banner's simulator.env is enough to reach the in-process simulator with curl's --cacert. */
    private static void assertSimulatedAzureAnswers(Path dir) throws Exception {
        Properties simulator = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("simulator.env"))) {
            simulator.load(in);
        }
        var certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Path.of(simulator.getProperty("DOCKYARD_SIMULATOR_CA"))));
        var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("simulator", certificate);
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(simulator.getProperty("DOCKYARD_SIMULATOR_URL")
                        + "subscriptions/" + simulator.getProperty("DOCKYARD_SIMULATOR_SUBSCRIPTION")
                        + "/resourcegroups?api-version=2025-04-01"))
                .header("Authorization", "Bearer local").build();
        var response = java.net.http.HttpClient.newBuilder().sslContext(tls).build()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"value\"");
    }

    private static Properties tokens(Path dir) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("tokens.env"))) {
            properties.load(in);
        }
        return properties;
    }

    private static ApiResponse send(ConfigurableApplicationContext app, String method, String path, String token,
            String body) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new ApiClient(port).send(method, path, token, body, body == null ? null : "application/json", Map.of());
    }
}
