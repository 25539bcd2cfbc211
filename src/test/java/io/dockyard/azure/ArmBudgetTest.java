package io.dockyard.azure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dockyard.simulator.ArmSimulator;
import io.dockyard.simulator.SimulatorProperties;
import io.dockyard.simulator.TestSimulators;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-side budget against a simulator that enforces ARM's bucket figures (sped up ten times on both sides):
 * a burst of 500 ensures queues in our buckets and draws no 429; without the budget the same burst is throttled.
 */
class ArmBudgetTest {

    private ArmSimulator simulator;

    @AfterEach
    void stop() {
        TestSimulators.stop(simulator);
    }

    private AzureResources start(boolean budget) {
        simulator = ArmSimulator.start(TestSimulators.fast().withThrottling(
                new SimulatorProperties.Throttling(true, 10, 250, 25, 200, 10, 200, 10)));
        return Azure.connect(new AzureConnection(simulator.armUrl(), simulator.subscriptionId(), simulator.tenantId(),
                simulator.caCertificate()), new AzureProperties.Budget(budget, 0.9, 10, Duration.ofSeconds(10), 0.1),
                Duration.ofSeconds(20));
    }

    @Test
    void aBurstOf500EnsuresDrawsNo429() {
        AzureResources azure = start(true);
        for (int i = 0; i < 500; i++) {
            Ensured group = azure.ensureResourceGroup(new ResourceGroupSpec("dockyard-burst-" + i, "eastus",
                    new Ownership("burst-" + i, "team-a", null)));
            assertThat(group.ready()).isTrue();
        }
        assertThat(simulator.throttledRequests()).isZero();
        assertThat(simulator.earlyRetries()).isZero();
    }

    @Test
    void withoutTheBudgetTheSameBurstIsThrottled() {
        AzureResources azure = start(false);
        AtomicInteger throttled = new AtomicInteger();
        for (int i = 0; i < 500; i++) {
            try {
                azure.ensureResourceGroup(new ResourceGroupSpec("dockyard-burst-" + i, "eastus",
                        new Ownership("burst-" + i, "team-a", null)));
            } catch (AzureException e) {
                assertThat(e.error().kind()).isEqualTo(AzureErrorKind.TRANSIENT);
                assertThat(e.error().retryAfter()).isNotNull();
                throttled.incrementAndGet();
            }
        }
        assertThat(throttled.get()).isPositive();
        assertThat(simulator.throttledRequests()).isPositive();
    }
}
