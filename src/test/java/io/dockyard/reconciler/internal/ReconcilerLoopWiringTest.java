package io.dockyard.reconciler.internal;

import io.dockyard.hosts.HostLeases;
import io.dockyard.support.ApiTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The module's Spring wiring: the loop exists only where it is enabled, binds {@code dockyard.reconciler.*},
 * starts and stops with its context, and publishes its metrics under the Prometheus names dashboards use. The
 * child contexts borrow the shared test application (database, {@link HostLeases}) as their parent.
 */
class ReconcilerLoopWiringTest extends ApiTestSupport {

    @Autowired
    private ApplicationContext application;
    @Autowired
    private HostLeases leases;

    private ApplicationContextRunner module() {
        return new ApplicationContextRunner().withParent(application)
                .withUserConfiguration(ReconcilerLoopConfiguration.class)
                .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        definition -> definition.setPrimary(true));
    }

    @Test
    void disabledByDefaultWithTheDocumentedDefaults() {
        assertThat(application.getBeanNamesForType(ReconcilerLoop.class)).as("the shared test application").isEmpty();
        module().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ReconcilerLoop.class)
                    .doesNotHaveBean(PassMetrics.class).doesNotHaveBean(DueQueueGauges.class);
            ReconcilerProperties settings = context.getBean(ReconcilerProperties.class);
            assertThat(settings.enabled()).isFalse();
            assertThat(settings.instanceId()).endsWith("-" + ProcessHandle.current().pid()).doesNotContain("/");
            assertThat(settings.concurrency()).isEqualTo(32);
            assertThat(settings.batchSize()).isEqualTo(32);
            assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(60));
            assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void enabledItRunsWithTheContextAndPublishesItsMetrics() {
        RecordingPass pass = new RecordingPass(leases);
        module().withPropertyValues("dockyard.reconciler.enabled=true", "dockyard.reconciler.instance-id=wired",
                        "dockyard.reconciler.poll-interval=60s", "dockyard.reconciler.concurrency=2")
                .withBean(HostPass.class, () -> pass)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ReconcilerLoop.class);
                    assertThat(context.getBean(ReconcilerProperties.class).instanceId()).isEqualTo("wired");
                    ReconcilerLoop loop = context.getBean(ReconcilerLoop.class);
                    assertThat(loop.isRunning()).isTrue();
                    await().atMost(Duration.ofSeconds(5)).until(loop::listening);

                    UUID id = UUID.fromString(create(teamA, "wired-host").get("id").stringValue());
                    await().atMost(Duration.ofSeconds(2)).until(() -> Boolean.TRUE.equals(pass.completed(id)));

                    String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
                    assertThat(scrape).contains("dockyard_reconcile_queue_due ", "dockyard_reconcile_queue_oldest_age_seconds ",
                            "dockyard_reconcile_in_flight ", "dockyard_reconcile_passes_total{outcome=\"completed\"} 1.0",
                            "dockyard_reconcile_passes_total{outcome=\"failed\"} 0.0");
                    assertThat(pass.instances()).containsExactly("wired");
                    assertThat(context.getBean(MeterRegistry.class)).isInstanceOf(PrometheusMeterRegistry.class);
                    context.close();
                    assertThat(loop.isRunning()).isFalse();
                });
    }
}
