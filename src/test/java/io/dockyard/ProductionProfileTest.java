package io.dockyard;

import io.dockyard.pki.SecretCipher;
import io.dockyard.simulator.ArmSimulator;
import io.dockyard.simulator.Fault;
import io.dockyard.simulator.SimulatorProperties;
import io.dockyard.simulator.TestSimulators;
import io.dockyard.support.ApiClient;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.SshKeys;
import io.dockyard.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production profile as an operator starts it: {@code azure}, an external PostgreSQL (a fresh database on the
 * test server), an environment key, a bootstrap admin token and an Azure endpoint (the simulator, reached through
 * the same SDK path a real cloud is). It must run a host to Ready with nothing of local mode in the context, stop when
 * nobody could sign in, and exit non-zero listing what is missing.
 */
class ProductionProfileTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ArmSimulator cloud;

    @BeforeAll
    static void startCloud() {
        SimulatorProperties fast = TestSimulators.fast();
        // Other simulators on this machine hand out 127.100.0.x; keep this one's engines apart.
        String firstAddress = "127." + (150 + RANDOM.nextInt(100)) + "." + RANDOM.nextInt(255) + ".1";
        cloud = ArmSimulator.start(fast.withEngine(new SimulatorProperties.Engine("fake", firstAddress,
                fast.engine().scriptTimeout(), fast.engine().startTimeout(), fast.engine().fakeVersion())));
    }

    @AfterAll
    static void stopCloud() {
        TestSimulators.stop(cloud);
    }

    @Test
    void runsAHostToReadyWithoutAnyBeanOfLocalModeOrTheSimulator() throws Exception {
        String admin = "dy_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        List<String> args = productionArguments(freshDatabase());
        args.add("--dockyard.security.bootstrap-admin-token=" + admin);
        try (ConfigurableApplicationContext context = new SpringApplication(DockyardApplication.class)
                .run(args.toArray(String[]::new))) {
            List<String> devBeans = new ArrayList<>();
            for (String name : context.getBeanDefinitionNames()) {
                Class<?> type = context.getType(name);
                String typeName = type == null ? "" : type.getName();
                if (typeName.startsWith("io.dockyard.local.") || typeName.startsWith("io.dockyard.simulator.")
                        || typeName.contains("EmbeddedPostgres") || name.toLowerCase(Locale.ROOT).contains("devtoken")) {
                    devBeans.add(name + " (" + typeName + ")");
                }
            }
            assertThat(devBeans).as("beans of local mode or the simulator").isEmpty();
            assertThat(context.getBean(SecretCipher.class).currentKeyId()).as("the sealing key").isEqualTo("kek-1");

            ApiClient api = new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
            awaitReadiness(api, 200);
            assertThat(api.get("/api/v1/hosts", null).status()).isEqualTo(401);
            ObjectNode body = JSON.createObjectNode();
            body.put("name", "prod-1");
            body.put("location", "westeurope");
            body.putArray("sshPublicKeys").add(SshKeys.ed25519());
            body.putObject("network").putArray("allowedSourceRanges").add("203.0.113.0/24");
            ApiResponse created = api.post("/api/v1/hosts", admin, body.toString());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asString();

            ApiResponse host = awaitReady(api, admin, id);
            assertThat(host.json().path("status").path("docker").path("serverVersion").asString()).isNotBlank();
            assertThat(cloud.creates(vmId(id, "prod-1"))).as("VM creates").isEqualTo(1);
            ApiResponse env = api.get("/api/v1/hosts/" + id + "/docker-env", admin);
            assertThat(env.status()).isEqualTo(200);
            assertThat(env.body()).contains("DOCKER_TLS_VERIFY=\"1\"").containsPattern("DOCKER_HOST=\"tcp://127\\.[0-9.]+:2376\"");

            ObjectNode outside = body.deepCopy();
            outside.put("name", "prod-2");
            outside.putObject("network").putArray("allowedSourceRanges").add("198.51.100.0/24");
            ApiResponse refused = api.post("/api/v1/hosts", admin, outside.toString());
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("/network/allowedSourceRanges/0").contains("outside the permitted ranges");
        }
    }

    @Test
    void isNotReadyWhileAzureRefusesItsCredentialAndSaysWhy() throws Exception {
        String admin = "dy_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        List<String> args = productionArguments(freshDatabase());
        args.add("--dockyard.security.bootstrap-admin-token=" + admin);
        args.add("--dockyard.azure.access-check-interval=200ms");
        cloud.addFault(Fault.error("Microsoft.Resources/resourceGroups", "GET", 403, "AuthorizationFailed"));
        try (ConfigurableApplicationContext context = new SpringApplication(DockyardApplication.class)
                .run(args.toArray(String[]::new))) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
            ApiResponse down = awaitReadiness(api, 503);
            assertThat(down.body()).contains("DOWN");
            ApiResponse health = api.get("/actuator/health", admin);
            assertThat(health.body()).contains("AuthorizationFailed");

            cloud.clearFaults();
            awaitReadiness(api, 200);
        } finally {
            cloud.clearFaults();
        }
    }

    @Test
    void refusesToStartWhenNobodyCouldSignIn() throws Exception {
        List<String> args = productionArguments(freshDatabase());
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class).run(args.toArray(String[]::new)))
                .hasMessageContaining("nobody could sign in")
                .hasMessageContaining("dockyard.security.bootstrap-admin-token");
    }

    @Test
    void exitsNonZeroNamingEveryMissingSetting() throws Exception {
        Process process = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                DockyardApplication.class.getName(), "--spring.profiles.active=azure", "--server.port=0")
                .redirectErrorStream(true).start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("the JVM exits by itself").isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("spring.datasource.url (DOCKYARD_DB_URL)")
                .contains("DOCKYARD_PKI_KEK")
                .contains("dockyard.azure.subscription-id (DOCKYARD_AZURE_SUBSCRIPTION_ID)")
                .contains("dockyard.hosts.network.permitted-source-ranges");
    }

    private static List<String> productionArguments(String jdbcUrl) {
        String kek = Base64.getEncoder().encodeToString(bytes(32));
        return new ArrayList<>(List.of(
                "--spring.profiles.active=azure",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--server.port=0",
                "--dockyard.pki.kek=" + kek,
                "--dockyard.azure.subscription-id=" + cloud.subscriptionId(),
                "--dockyard.azure.tenant-id=" + cloud.tenantId(),
                "--dockyard.azure.endpoint=" + cloud.armUrl(),
                "--dockyard.azure.trusted-ca=" + cloud.caCertificate(),
                "--dockyard.hosts.network.permitted-source-ranges=203.0.113.0/24,10.0.0.0/8",
                "--dockyard.reconciler.poll-interval=200ms",
                "--dockyard.reconciler.pass.in-progress-requeue=200ms",
                // The simulated FQDNs do not resolve; the public IPs are loopback addresses that do answer.
                "--dockyard.reconciler.pass.endpoint-by-address=true"));
    }

    private static ApiResponse awaitReadiness(ApiClient api, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ApiResponse last = null;
        while (System.nanoTime() < deadline) {
            last = api.get("/actuator/health/readiness", null);
            if (last.status() == status) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness never answered " + status + ": " + (last == null ? "?" : last.body()));
    }

    private ApiResponse awaitReady(ApiClient api, String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ApiResponse last = null;
        while (System.nanoTime() < deadline) {
            last = api.get("/api/v1/hosts/" + id, token);
            if ("Ready".equals(last.json().path("status").path("phase").asString())) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not Ready within 90 s: " + (last == null ? "?" : last.body()));
    }

    private static String vmId(String hostId, String name) {
        return "/subscriptions/" + cloud.subscriptionId() + "/resourceGroups/dockyard-" + hostId
                + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    private static String freshDatabase() throws Exception {
        String name = "production_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(), "postgres", "postgres")) {
            connection.createStatement().execute("create database " + name);
        }
        return TestDatabase.postgres().getJdbcUrl("postgres", name);
    }

    private static String javaBinary() throws IOException {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
