package io.dockyard.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Simulators for tests: no provisioning delays, throttling on at ARM's figures unless a test changes it. */
public final class TestSimulators {

    private TestSimulators() {
    }

    public static SimulatorProperties fast() {
        try {
            Path dir = Files.createTempDirectory("dy-sim");
            return SimulatorProperties.defaults(dir).withTiming(
                    new SimulatorProperties.Timing(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 100));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ArmSimulator start() {
        return ArmSimulator.start(fast());
    }

    /** Stops the simulator and removes its work directory. */
    public static void stop(ArmSimulator simulator) {
        if (simulator == null) {
            return;
        }
        simulator.close();
        try (var files = Files.walk(simulator.settings().workDir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
