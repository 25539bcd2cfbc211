package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.support.SimulatedAzure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A storm of 429s: the simulated subscription has far fewer write tokens than the adapter's budget assumes
 * (someone else is spending them), so writes are throttled. The hosts still converge, and no request comes back
 * before its Retry-After — the adapter pauses its bucket and the reconciler backs off no sooner than Azure asked.
 */
@Import(SimulatedAzure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dockyard.simulator.enabled=true",
        "dockyard.simulator.port=0",
        "dockyard.simulator.work-dir=${java.io.tmpdir}/dy-storm-test-sim",
        "dockyard.simulator.timing.vm-provisioning=0s",
        "dockyard.simulator.throttling.write-bucket=12",
        "dockyard.simulator.throttling.writes-per-second=6",
        "dockyard.azure.enabled=true"
})
class ThrottleStormTest extends ReconcilerFleetTest {

    @Test
    void hostsConvergeThroughA429StormWithoutEarlyRetries() {
        List<String> ids = createHosts("storm", 8);
        startLoops(2, 8);
        awaitAllReady(ids, Duration.ofSeconds(120));
        assertThat(simulator.throttledRequests()).as("the storm happened").isPositive();
        assertThat(simulator.earlyRetries()).isZero();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(simulator.creates(resourceId(ids.get(i), "Microsoft.Compute/virtualMachines", "storm-" + i)))
                    .isEqualTo(1);
        }
    }
}
