package io.dockyard.local.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.dockyard.azure.AzureConnection;
import io.dockyard.hosts.HostWakeups;
import io.dockyard.simulator.ArmSimulator;

/**
 * Points the Azure adapter at the in-process simulator in local mode: its URL, subscription and CA. Only local mode
 * knows both sides; the adapter and the simulator know nothing of each other. Because that simulator starts empty,
 * every remembered host is made due at start so the reconciler rebuilds it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalAzureConnection {

    /** The in-process cloud starts empty: have the reconciler rebuild the hosts this database remembers. */
    @Bean
    @ConditionalOnProperty(name = "dockyard.simulator.enabled", havingValue = "true")
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
            rebuildRememberedHosts(HostWakeups wakeups) {
        return event -> wakeups.wakeAll();
    }

    @Bean
    @ConditionalOnProperty(name = "dockyard.simulator.enabled", havingValue = "true")
    AzureConnection simulatedAzure(ArmSimulator simulator) {
        return new AzureConnection(simulator.armUrl(), simulator.subscriptionId(), simulator.tenantId(),
                simulator.caCertificate());
    }
}
