package io.dockyard.simulator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator as its own process: a client that goes away and comes back (a restarted control plane) finds the
 * cloud as it left it, and stopping the process frees its port.
 */
class StandaloneSimulatorTest {

    private static final Pattern LISTENING = Pattern.compile("ARM simulator listening at (https://\\S+)");

    @Test
    void keepsItsStateForClientsThatComeAndGo(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(),
                "--dockyard.simulator.port=0", "--dockyard.simulator.work-dir=" + dir,
                "--dockyard.simulator.timing.vm-provisioning=0s").redirectErrorStream(true).start();
        try {
            String url = awaitUrl(process);
            Properties env = new Properties();
            try (var in = Files.newBufferedReader(dir.resolve("simulator.env"))) {
                env.load(in);
            }
            assertThat(env.getProperty("DOCKYARD_SIMULATOR_URL")).isEqualTo(url);
            assertThat(Path.of(env.getProperty("DOCKYARD_SIMULATOR_CA"))).exists();

            URI arm = URI.create(url);
            String subscription = env.getProperty("DOCKYARD_SIMULATOR_SUBSCRIPTION");
            Path ca = Path.of(env.getProperty("DOCKYARD_SIMULATOR_CA"));
            ArmHttp first = new ArmHttp(arm, subscription, ca);
            assertThat(first.put(first.group("dy-remote"), ArmBodies.group("eastus")).status()).isEqualTo(201);
            ArmHttp second = new ArmHttp(arm, subscription, ca);
            assertThat(second.get(second.group("dy-remote")).status()).isEqualTo(200);
            assertThat(second.get("/_simulator/resources").text()).contains("dy-remote");
        } finally {
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String awaitUrl(Process process) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
                return matcher.group(1);
            }
        }
        throw new AssertionError("the simulator did not start:\n" + seen);
    }

}
