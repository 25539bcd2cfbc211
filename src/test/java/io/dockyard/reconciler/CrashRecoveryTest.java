package io.dockyard.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dockyard.DockyardApplication;
import io.dockyard.simulator.ArmHttp;
import io.dockyard.simulator.SimulatorMain;
import io.dockyard.support.ApiClient;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.SshKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's crash test, with every part in its own process as in production: PostgreSQL, the simulated cloud and
 * each control-plane instance. The first instance is killed with SIGKILL while VM creations are in flight, the
 * second while Docker extensions are being applied, and a third finishes once the dead instances' leases have
 * expired. The simulator's counters then show whether anything was created twice, or anything created that belongs
 * to no host.
 */
class CrashRecoveryTest {

    private static final int HOSTS = 15;
    private static final String VM = "Microsoft.Compute/virtualMachines";
    private static final String EXTENSION = "Microsoft.Compute/virtualMachines/extensions";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(150);
    private static final Pattern LISTENING = Pattern.compile("ARM simulator listening at (https://\\S+)");
    private static final Pattern WEB_PORT = Pattern.compile("Tomcat started on port\\D*(\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir = Path.of("target", "crash-recovery").toAbsolutePath();
    private final List<Child> children = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private final long began = System.nanoTime();
    private EmbeddedPostgres postgres;
    private Cloud cloud;

    @AfterEach
    void stopEverything() throws IOException {
        for (Child child : children.reversed()) {
            child.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void killedInstanceLeavesNothingCreatedTwice() throws Exception {
        try {
            crashTwiceAndConverge();
        } catch (Throwable failure) {
            failure.addSuppressed(new AssertionError("timeline:\n  " + String.join("\n  ", timeline)));
            for (Child child : children) {
                failure.addSuppressed(new AssertionError(child.name + " (" + child.log + "), last lines:\n" + child.tail(80)));
            }
            throw failure;
        }
    }

    private void crashTwiceAndConverge() throws Exception {
        cleanDirectory(dir);
        postgres = EmbeddedPostgres.builder().start();
        cloud = startSimulator();
        // Without added latency the SDK's PUTs answer in milliseconds; with it, a kill finds requests the cloud will
        // still carry out after their caller is gone.
        cloud.addLatency(VM, 1000);
        cloud.addLatency(EXTENSION, 1000);
        note("simulator up at " + cloud.url);

        String admin = "dy_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        String kek = Base64.getEncoder().encodeToString(bytes(32));
        Child first = startInstance("crash-a", 1, admin, kek);
        int port = first.awaitReady();
        note("first instance serving on port " + port);
        Map<String, String> hosts = createHosts(new ApiClient(port), admin);
        note("created " + hosts.size() + " hosts");

        Inventory atFirstKill = awaitCloud("a VM creation in flight", first,
                inventory -> inventory.count(VM) >= HOSTS / 3 && inventory.count(VM) - inventory.succeeded(VM) > 0);
        first.kill();
        note("killed the first instance: " + atFirstKill.summary());

        Child second = startInstance("crash-b", 2, admin, kek);
        Inventory atSecondKill = awaitCloud("an extension being applied", second,
                inventory -> inventory.count(EXTENSION) > 0 && inventory.succeeded(EXTENSION) < HOSTS);
        second.kill();
        note("killed the second instance: " + atSecondKill.summary() + "; " + phases().values().stream()
                .filter("Ready"::equals).count() + " hosts Ready");

        // The same instance id again, as a restarted pod with a stable name: its old leases must not count as its own.
        Child third = startInstance("crash-a", 3, admin, kek);
        awaitAllReady(third);
        note("every host Ready");

        assertEachResourceCreatedOnce(hosts);
    }

    private void assertEachResourceCreatedOnce(Map<String, String> hosts) {
        String subscription = "/subscriptions/" + cloud.subscription;
        Set<String> expectedVms = new TreeSet<>();
        Set<String> expectedGroups = new TreeSet<>();
        hosts.forEach((id, name) -> {
            String group = subscription + "/resourceGroups/dockyard-" + id;
            expectedGroups.add(lower(group));
            expectedVms.add(lower(group + "/providers/" + VM + "/" + name));
        });

        Inventory inventory = cloud.inventory();
        note("writes by type: " + inventory.writesByType());
        assertThat(inventory.ids(VM)).as("the VMs in the cloud").isEqualTo(expectedVms);
        assertThat(inventory.ids("Microsoft.Resources/resourceGroups")).as("the resource groups in the cloud")
                .isEqualTo(expectedGroups);
        for (String group : expectedGroups) {
            assertThat(inventory.typesIn(group)).as("resources in " + group).containsExactlyInAnyOrder(
                    "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/virtualNetworks",
                    "Microsoft.Network/virtualNetworks/subnets", "Microsoft.Network/publicIPAddresses",
                    "Microsoft.Network/networkInterfaces", VM, EXTENSION);
        }

        // The stats keep counting after a resource is gone, so a deleted and re-created resource shows up here too.
        Map<String, Long> creates = cloud.creates();
        Set<String> written = creates.keySet().stream().map(CrashRecoveryTest::lower)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(written).as("every resource ever written").isEqualTo(inventory.ids());
        Map<String, Long> notOnce = new TreeMap<>();
        creates.forEach((id, count) -> {
            if (count != 1) {
                notOnce.put(id, count);
            }
        });
        assertThat(notOnce).as("resources not created exactly once").isEmpty();
        assertThat(cloud.engines()).as("Docker engines serving").isEqualTo(HOSTS);
    }

    // ---- processes ---------------------------------------------------------------------------------------------

    private Cloud startSimulator() throws Exception {
        Path workDir = dir.resolve("simulator");
        // Other simulators on this machine (other tests, local mode) hand out 127.100.0.x; keep the engines apart.
        String firstAddress = "127." + (150 + RANDOM.nextInt(100)) + "." + RANDOM.nextInt(255) + ".1";
        Child simulator = start("simulator", SimulatorMain.class.getName(), List.of(
                "--dockyard.simulator.port=0",
                "--dockyard.simulator.work-dir=" + workDir,
                "--dockyard.simulator.timing.vm-provisioning=3s",
                "--dockyard.simulator.engine.first-address=" + firstAddress));
        String url = simulator.awaitLine(LISTENING).group(1);
        Properties env = new Properties();
        try (var in = Files.newBufferedReader(workDir.resolve("simulator.env"))) {
            env.load(in);
        }
        return new Cloud(url, env.getProperty("DOCKYARD_SIMULATOR_SUBSCRIPTION"), env.getProperty("DOCKYARD_SIMULATOR_TENANT"),
                Path.of(env.getProperty("DOCKYARD_SIMULATOR_CA")));
    }

    /** A production-profile instance: only its database, its key and its cloud endpoint differ from a real one. */
    private Child startInstance(String instanceId, int number, String adminToken, String kek) throws IOException {
        return start("instance-" + number + "-" + instanceId, DockyardApplication.class.getName(), List.of(
                "--spring.profiles.active=azure",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--server.port=0",
                "--dockyard.pki.kek=" + kek,
                "--dockyard.security.bootstrap-admin-token=" + adminToken,
                "--dockyard.azure.subscription-id=" + cloud.subscription,
                "--dockyard.azure.tenant-id=" + cloud.tenant,
                "--dockyard.azure.endpoint=" + cloud.url,
                "--dockyard.azure.trusted-ca=" + cloud.ca,
                "--dockyard.hosts.network.permitted-source-ranges=203.0.113.0/24",
                "--dockyard.reconciler.enabled=true",
                "--dockyard.reconciler.instance-id=" + instanceId,
                // Short, so a successor need not wait long for the dead instance's hosts; not much shorter, because a
                // stalled JVM on a busy machine then loses leases to itself.
                "--dockyard.reconciler.lease=5s",
                "--dockyard.reconciler.concurrency=8",
                "--dockyard.reconciler.batch-size=8",
                "--dockyard.reconciler.poll-interval=500ms",
                "--dockyard.reconciler.pass.in-progress-requeue=500ms",
                "--dockyard.reconciler.pass.backoff-base=500ms",
                "--dockyard.reconciler.pass.backoff-cap=5s",
                // The simulated FQDNs do not resolve; the public IPs are loopback addresses that do answer.
                "--dockyard.reconciler.pass.endpoint-by-address=true"));
    }

    private Child start(String name, String mainClass, List<String> arguments) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", mainClasspath(), mainClass));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Child child = new Child(name, process, log);
        children.add(child);
        note("started " + name + " (pid " + process.pid() + ")");
        return child;
    }

    /**
     * The test classpath without the test classes: the application scans its packages, and a test configuration
     * found there (one that needs an in-process simulator) would break a plain start.
     */
    private static String mainClasspath() {
        String separator = System.getProperty("path.separator");
        return Arrays.stream(System.getProperty("java.class.path").split(Pattern.quote(separator)))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(separator));
    }

    private final class Child {
        final String name;
        final Process process;
        final Path log;

        Child(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        Matcher awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher matcher = pattern.matcher(output());
                if (matcher.find()) {
                    return matcher;
                }
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before printing " + pattern);
                }
                Thread.sleep(100);
            }
            throw new AssertionError(name + " did not print " + pattern + " within " + START_TIMEOUT);
        }

        /** Readiness comes after the application runners, so the bootstrap admin token is usable by then. */
        int awaitReady() throws Exception {
            int port = Integer.parseInt(awaitLine(WEB_PORT).group(1));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(10)).build();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready");
                }
                try {
                    if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return port;
                    }
                } catch (IOException notYet) {
                    // Not listening yet, or busy starting: ask again.
                }
                Thread.sleep(100);
            }
            throw new AssertionError(name + " was not ready within " + START_TIMEOUT);
        }

        /** SIGKILL: no shutdown hook, no lease released, no connection closed politely. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " dies").isTrue();
            assertThat(process.exitValue()).as(name + "'s exit status (128 + SIGKILL)").isEqualTo(128 + 9);
        }

        void stop() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String tail(int lines) {
            List<String> all = output().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    // ---- the control plane's side ------------------------------------------------------------------------------

    /** Host id to name. */
    private static Map<String, String> createHosts(ApiClient api, String token) {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (int i = 0; i < HOSTS; i++) {
            ObjectNode body = JSON.createObjectNode();
            body.put("name", "crash-" + i);
            body.put("location", "westeurope");
            body.putArray("sshPublicKeys").add(SshKeys.ed25519());
            body.putObject("network").putArray("allowedSourceRanges").add("203.0.113.0/24");
            ApiResponse created = api.post("/api/v1/hosts", token, body.toString());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            hosts.put(created.json().path("id").asString(), "crash-" + i);
        }
        return hosts;
    }

    private Inventory awaitCloud(String what, Child instance, Predicate<Inventory> condition) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Inventory last = null;
        while (System.nanoTime() < deadline) {
            last = cloud.inventory();
            if (condition.test(last)) {
                return last;
            }
            if (!instance.process.isAlive()) {
                throw new AssertionError(instance.name + " exited with " + instance.process.exitValue()
                        + " while waiting for " + what);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + START_TIMEOUT + "; the cloud: "
                + (last == null ? "?" : last.summary()));
    }

    private void awaitAllReady(Child instance) throws Exception {
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (phases().values().stream().allMatch("Ready"::equals)) {
                return;
            }
            if (!instance.process.isAlive()) {
                throw new AssertionError(instance.name + " exited with " + instance.process.exitValue()
                        + " before every host was Ready:\n" + describeHosts());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not every host was Ready within " + CONVERGE_TIMEOUT + ":\n" + describeHosts()
                + "\nthe cloud: " + cloud.inventory().summary());
    }

    private Map<String, String> phases() throws SQLException {
        Map<String, String> phases = new TreeMap<>();
        query("select name, phase from hosts", row -> phases.put(row.getString(1), row.getString(2)));
        assertThat(phases).hasSize(HOSTS);
        return phases;
    }

    private String describeHosts() throws SQLException {
        List<String> lines = new ArrayList<>();
        query("select name, phase, lease_owner, status::text from hosts order by name", row -> {
            JsonNode status = JSON.readTree(row.getString(4));
            lines.add(row.getString(1) + " " + row.getString(2) + " lease=" + row.getString(3) + " lastError="
                    + status.path("lastError"));
        });
        return String.join("\n", lines);
    }

    private interface Row {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Row reader) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"),
                "postgres", "postgres");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    // ---- the cloud's side --------------------------------------------------------------------------------------

    private record Cloud(String url, String subscription, String tenant, Path ca, ArmHttp http) {

        Cloud(String url, String subscription, String tenant, Path ca) {
            this(url, subscription, tenant, ca, new ArmHttp(URI.create(url), subscription, ca));
        }

        void addLatency(String resourceType, long millis) {
            ObjectNode fault = JSON.createObjectNode().put("resourceType", resourceType).put("method", "PUT")
                    .put("latencyMs", millis);
            assertThat(http.post("/_simulator/faults", fault.toString()).status()).isEqualTo(201);
        }

        Inventory inventory() {
            return new Inventory(ok(http.get("/_simulator/resources")).path("value"));
        }

        Map<String, Long> creates() {
            Map<String, Long> creates = new TreeMap<>();
            ok(http.get("/_simulator/stats")).path("resources").properties()
                    .forEach(entry -> creates.put(entry.getKey(), entry.getValue().path("creates").asLong()));
            return creates;
        }

        int engines() {
            return ok(http.get("/_simulator/engines")).path("value").size();
        }

        private static JsonNode ok(ArmHttp.Answer answer) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            return answer.json();
        }
    }

    /** What the simulator holds, by lower-cased id (ARM ids compare without regard to case). */
    private record Inventory(JsonNode items) {

        Stream<JsonNode> of(String type) {
            return stream().filter(item -> item.path("type").asString().equalsIgnoreCase(type));
        }

        Stream<JsonNode> stream() {
            List<JsonNode> list = new ArrayList<>();
            items.forEach(list::add);
            return list.stream();
        }

        long count(String type) {
            return of(type).count();
        }

        long succeeded(String type) {
            return of(type).filter(item -> item.path("provisioningState").asString().equals("Succeeded")).count();
        }

        Set<String> ids(String type) {
            return of(type).map(item -> lower(item.path("id").asString())).collect(Collectors.toCollection(TreeSet::new));
        }

        Set<String> ids() {
            return stream().map(item -> lower(item.path("id").asString())).collect(Collectors.toCollection(TreeSet::new));
        }

        List<String> typesIn(String group) {
            String prefix = group + "/providers/";
            return stream().filter(item -> lower(item.path("id").asString()).startsWith(prefix))
                    .map(item -> item.path("type").asString()).sorted().toList();
        }

        Map<String, Long> writesByType() {
            Map<String, Long> writes = new TreeMap<>();
            stream().forEach(item -> writes.merge(item.path("type").asString(), item.path("writes").asLong(), Long::sum));
            return writes;
        }

        String summary() {
            Map<String, Map<String, Long>> byType = new TreeMap<>();
            stream().forEach(item -> byType.computeIfAbsent(item.path("type").asString(), t -> new TreeMap<>())
                    .merge(item.path("provisioningState").asString(), 1L, Long::sum));
            return byType.toString();
        }
    }

    // ---- small things ------------------------------------------------------------------------------------------

    private void note(String event) {
        String line = String.format(Locale.ROOT, "%6.1fs %s", (System.nanoTime() - began) / 1e9, event);
        timeline.add(line);
        System.out.println(line);
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void cleanDirectory(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
    }
}
