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
 * Three reconciler instances on one database and one cloud, a hundred hosts: every host becomes Ready, every
 * resource is created exactly once, and no host's pass ever runs in two instances at once.
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

    private static final int HOSTS = 100;

    @Test
    void threeInstancesBuildEveryHostOnceAndNeverRunOneHostTwiceAtOnce() {
        List<String> ids = createHosts("fleet", HOSTS);
        startLoops(3, 8);
        awaitAllReady(ids, Duration.ofSeconds(240));
        assertThat(overlaps.get()).isZero();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String vm = resourceId(id, "Microsoft.Compute/virtualMachines", "fleet-" + i);
            assertThat(List.of(
                    simulator.creates("/subscriptions/" + simulator.subscriptionId() + "/resourceGroups/dockyard-" + id),
                    simulator.creates(resourceId(id, "Microsoft.Network/networkSecurityGroups", "nsg")),
                    simulator.creates(resourceId(id, "Microsoft.Network/virtualNetworks", "vnet")),
                    simulator.creates(resourceId(id, "Microsoft.Network/publicIPAddresses", "pip")),
                    simulator.creates(resourceId(id, "Microsoft.Network/networkInterfaces", "nic")),
                    simulator.creates(vm),
                    simulator.creates(vm + "/extensions/" + bootstrap.extensionName())))
                    .as("creates of group, NSG, VNet, public IP, NIC, VM and extension of host %d", i)
                    .containsOnly(1L);
        }
        assertThat(simulator.engines()).hasSize(HOSTS);
    }
}
