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
 * Three reconciler instances on one database and one cloud: every host becomes Ready, every resource is created
 * exactly once, and no host's pass ever runs in two instances at once.
 */
@Import(SimulatedAzure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dockyard.simulator.enabled=true",
        "dockyard.simulator.port=0",
        "dockyard.simulator.work-dir=${java.io.tmpdir}/dy-fleet-test-sim",
        "dockyard.simulator.timing.vm-provisioning=0s",
        "dockyard.azure.enabled=true"
})
class ManyInstancesTest extends ReconcilerFleetTest {

    @Test
    void threeInstancesBuildEveryHostOnceAndNeverRunOneHostTwiceAtOnce() {
        List<String> ids = createHosts("fleet", 30);
        startLoops(3, 4);
        awaitAllReady(ids, Duration.ofSeconds(120));
        assertThat(overlaps.get()).isZero();
        for (String id : ids) {
            int index = ids.indexOf(id);
            assertThat(simulator.creates(resourceId(id, "Microsoft.Compute/virtualMachines", "fleet-" + index))).isEqualTo(1);
            assertThat(simulator.creates(resourceId(id, "Microsoft.Network/networkInterfaces", "nic"))).isEqualTo(1);
            assertThat(simulator.creates(resourceId(id, "Microsoft.Network/publicIPAddresses", "pip"))).isEqualTo(1);
            assertThat(simulator.creates("/subscriptions/" + simulator.subscriptionId() + "/resourceGroups/dockyard-" + id))
                    .isEqualTo(1);
        }
        assertThat(simulator.engines()).hasSize(30);
    }
}
