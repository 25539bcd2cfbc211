package io.dockyard.simulator;

import java.time.Duration;

import com.azure.core.management.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM's token buckets, scaled down so a test can empty them: a burst of writes past the bucket gets 429 with a
 * whole-second Retry-After, the SDK's retry policy waits that long, and a client that does not wait is counted.
 */
class ThrottlingTest {

    private ArmSimulator simulator;

    @AfterEach
    void stop() {
        TestSimulators.stop(simulator);
    }

    private ArmSimulator start(int writeBucket, double writesPerSecond, double timeFactor) {
        simulator = ArmSimulator.start(TestSimulators.fast().withThrottling(
                new SimulatorProperties.Throttling(true, timeFactor, 250, 25, writeBucket, writesPerSecond, 200, 10)));
        return simulator;
    }

    @Test
    void sdkRetryHonoursRetryAfterOnABurstOfWrites() {
        start(4, 1, 1.0);
        SdkClients azure = SdkClients.of(simulator);
        long started = System.nanoTime();
        for (int i = 0; i < 7; i++) {
            azure.resources().resourceGroups().define("dy-burst-" + i).withRegion(Region.US_EAST).create();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(azure.resources().resourceGroups().list().stream().count()).isEqualTo(7);
        assertThat(simulator.throttledRequests()).isGreaterThanOrEqualTo(3);
        assertThat(simulator.earlyRetries()).isZero();
        assertThat(took).isGreaterThan(Duration.ofMillis(2500));
    }

    @Test
    void throttledAnswersCarryRetryAfterAndAClientThatIgnoresItIsCounted() {
        start(3, 1, 1.0);
        ArmHttp arm = new ArmHttp(simulator);
        for (int i = 0; i < 3; i++) {
            ArmHttp.Answer ok = arm.put(arm.group("dy-eager-" + i), ArmBodies.group("eastus"));
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo(String.valueOf(2 - i));
        }
        ArmHttp.Answer throttled = arm.put(arm.group("dy-eager-3"), ArmBodies.group("eastus"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
        assertThat(throttled.header("Retry-After")).isEqualTo("1");
        assertThat(arm.put(arm.group("dy-eager-3"), ArmBodies.group("eastus")).status()).isEqualTo(429);
        assertThat(arm.put(arm.group("dy-eager-3"), ArmBodies.group("eastus")).status()).isEqualTo(429);
        assertThat(simulator.earlyRetries()).isEqualTo(2);
        assertThat(arm.get(arm.group("dy-eager-3")).status()).isEqualTo(404);
        assertThat(arm.get(arm.group("dy-eager-0")).status()).as("reads have their own bucket").isEqualTo(200);
    }

    @Test
    void timeFactorSpeedsUpTheRefill() throws InterruptedException {
        start(2, 1, 2.0);
        ArmHttp arm = new ArmHttp(simulator);
        arm.put(arm.group("dy-fast-0"), ArmBodies.group("eastus"));
        arm.put(arm.group("dy-fast-1"), ArmBodies.group("eastus"));
        assertThat(arm.put(arm.group("dy-fast-2"), ArmBodies.group("eastus")).status()).isEqualTo(429);
        Thread.sleep(1100);
        assertThat(arm.put(arm.group("dy-fast-2"), ArmBodies.group("eastus")).status()).isEqualTo(201);
        assertThat(arm.put(arm.group("dy-fast-3"), ArmBodies.group("eastus")).status())
                .as("at twice the speed, 1.1 s refills the whole bucket of 2").isEqualTo(201);
    }

    @Test
    void throttlingCanBeSwitchedOff() {
        start(1, 0.01, 1.0);
        simulator.throttling(new SimulatorProperties.Throttling(false, 1, 1, 0.01, 1, 0.01, 1, 0.01));
        ArmHttp arm = new ArmHttp(simulator);
        for (int i = 0; i < 5; i++) {
            assertThat(arm.put(arm.group("dy-free-" + i), ArmBodies.group("eastus")).status()).isEqualTo(201);
        }
        assertThat(simulator.throttledRequests()).isZero();
    }
}
