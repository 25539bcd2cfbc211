package io.dockyard.reconciler.internal;

import io.dockyard.hosts.HostLeases;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code dockyard.reconciler.*} and, on instances where {@code dockyard.reconciler.enabled=true}, starts the
 * control loop with its metrics. The application's properties scan finds the record too; both registrations use
 * the same bean name, so there is only one, and the module still binds when started on its own (context runners).
 * An enabled instance needs exactly one {@link HostPass} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcilerProperties.class)
class ReconcilerLoopConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(ReconcilerProperties.PREFIX + ".enabled")
    PassMetrics reconcilerPassMetrics(MeterRegistry registry) {
        return new PassMetrics(registry);
    }

    @Bean
    @ConditionalOnBooleanProperty(ReconcilerProperties.PREFIX + ".enabled")
    DueQueueGauges reconcilerDueQueueGauges(HostLeases leases, MeterRegistry registry) {
        return new DueQueueGauges(leases, DueQueueGauges.DEFAULT_MAX_AGE, System::nanoTime).register(registry);
    }

    @Bean
    @ConditionalOnBooleanProperty(ReconcilerProperties.PREFIX + ".enabled")
    ReconcilerLoop reconcilerLoop(ReconcilerProperties settings, HostLeases leases, HostPass pass,
            DataSource dataSource, PassMetrics reconcilerPassMetrics) {
        return new ReconcilerLoop(settings, leases, pass, dataSource, reconcilerPassMetrics);
    }
}
