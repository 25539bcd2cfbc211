package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcilerPropertiesTest {

    @Test
    void bindsRelaxedNamesAndKeepsDefaultsForTheRest() {
        ReconcilerProperties settings = ReconcilerProperties.of(Map.of("batch-size", 4, "shutdownGrace", "1m",
                "instance-id", "  worker-a "));

        assertThat(settings.batchSize()).isEqualTo(4);
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.instanceId()).isEqualTo("worker-a");
        assertThat(settings.concurrency()).isEqualTo(32);
        assertThat(settings.renewalPeriod()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theDefaultInstanceIdNamesHostAndProcessWithinTheTokenLimit() {
        String id = ReconcilerProperties.of(Map.of()).instanceId();

        assertThat(id).endsWith("-" + ProcessHandle.current().pid()).doesNotContain("/").hasSizeLessThanOrEqualTo(100);
        assertThat(id.length()).isGreaterThan(String.valueOf(ProcessHandle.current().pid()).length() + 1);
    }

    @Test
    void rejectsSettingsTheLoopCannotWorkWith() {
        assertThatThrownBy(() -> ReconcilerProperties.of(Map.of("concurrency", 0))).rootCause()
                .hasMessageContaining("dockyard.reconciler.concurrency must be at least 1");
        assertThatThrownBy(() -> ReconcilerProperties.of(Map.of("batch-size", 1001))).rootCause()
                .hasMessageContaining("batch-size must be between 1 and 1000");
        assertThatThrownBy(() -> ReconcilerProperties.of(Map.of("instance-id", "a/b"))).rootCause()
                .hasMessageContaining("instance-id must be at most 100 characters without '/'");
        assertThatThrownBy(() -> ReconcilerProperties.of(Map.of("lease", "0s"))).rootCause()
                .hasMessageContaining("lease must be positive");
    }
}
