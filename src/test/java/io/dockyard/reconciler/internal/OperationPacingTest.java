package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationPacingTest {

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration FIRST = Duration.ofSeconds(3);
    private static final Duration CAP = Duration.ofSeconds(30);

    private final OperationPacing pacing = new OperationPacing();

    @Test
    void withoutHistoryLooksAgainAfterHalfTheTimeTheOperationHasRun() {
        UUID host = UUID.randomUUID();
        pacing.started(host, "VirtualMachineReady", "VirtualMachine", null, T0);

        assertThat(pacing.nextLook(host, "VirtualMachineReady", T0, FIRST, CAP)).isEqualTo(FIRST);
        assertThat(pacing.nextLook(host, "VirtualMachineReady", T0.plusSeconds(20), FIRST, CAP))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(pacing.nextLook(host, "VirtualMachineReady", T0.plusSeconds(200), FIRST, CAP)).isEqualTo(CAP);
    }

    @Test
    void looksWhenOperationsOfTheKindUsuallyEndThenSoonAfter() {
        // Two VMs, each seen running at +60 s and done at +100 s: learned as done at the midpoint, 80 s.
        for (int i = 0; i < 2; i++) {
            UUID earlier = UUID.randomUUID();
            pacing.started(earlier, "VirtualMachineReady", "VirtualMachine", null, T0);
            pacing.finished(earlier, "VirtualMachineReady", T0.plusSeconds(60), T0.plusSeconds(100));
        }
        assertThat(pacing.expected("VirtualMachine")).isEqualTo(Duration.ofSeconds(80));

        UUID host = UUID.randomUUID();
        Instant start = T0.plusSeconds(500);
        pacing.started(host, "VirtualMachineReady", "VirtualMachine", null, start);
        assertThat(pacing.nextLook(host, "VirtualMachineReady", start, FIRST, CAP)).isEqualTo(Duration.ofSeconds(80));
        // Not done when expected: look again every eighth of the expectation, not half of the time it has run.
        assertThat(pacing.nextLook(host, "VirtualMachineReady", start.plusSeconds(80), FIRST, CAP))
                .isEqualTo(Duration.ofSeconds(10));
        // Other kinds have no history of their own.
        UUID other = UUID.randomUUID();
        pacing.started(other, "DockerInstalled", "Extension", null, start);
        assertThat(pacing.nextLook(other, "DockerInstalled", start.plusSeconds(10), FIRST, CAP)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFirstLookThatFindsTheOperationDoneIsLearnedAsSomewhatShorter() {
        for (int i = 0; i < 3; i++) {
            UUID host = UUID.randomUUID();
            pacing.started(host, "DockerInstalled", "Extension", null, T0);
            pacing.finished(host, "DockerInstalled", T0, T0.plusSeconds(50));
        }
        // Looking later than needed would be learned as the true length and drift upwards; 90 % of it does not.
        assertThat(pacing.expected("Extension")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void learnsTheNetworkAndTheInterfaceWrittenAfterItAsTwoKinds() {
        for (int i = 0; i < 2; i++) {
            UUID host = UUID.randomUUID();
            pacing.started(host, "NetworkReady", "Network", null, T0);
            // The next pass finds the network done and writes the interface.
            pacing.started(host, "NetworkReady", "NetworkInterface", T0.plusSeconds(4), T0.plusSeconds(12));
            pacing.finished(host, "NetworkReady", T0.plusSeconds(12), T0.plusSeconds(22));
        }
        assertThat(pacing.expected("Network")).isEqualTo(Duration.ofSeconds(8));
        assertThat(pacing.expected("NetworkInterface")).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void knowsNothingOfAnOperationAnotherInstanceOrAnEarlierStepStarted() {
        UUID host = UUID.randomUUID();
        assertThat(pacing.nextLook(host, "VirtualMachineReady", T0, FIRST, CAP)).isNull();
        pacing.started(host, "NetworkReady", "Network", null, T0);
        assertThat(pacing.nextLook(host, "VirtualMachineReady", T0.plusSeconds(5), FIRST, CAP)).isNull();
        pacing.forget(host);
        assertThat(pacing.nextLook(host, "NetworkReady", T0.plusSeconds(5), FIRST, CAP)).isNull();
    }
}
