package io.dockyard.local.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.dockyard.azure.AzureConnection;
import io.dockyard.simulator.ArmSimulator;

/**
 * Points the Azure adapter at the in-process simulator in local mode: its URL, subscription and CA. Only local mode
 * knows both sides; the adapter and the simulator know nothing of each other.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalAzureConnection {

    @Bean
    @ConditionalOnProperty(name = "dockyard.simulator.enabled", havingValue = "true")
    AzureConnection simulatedAzure(ArmSimulator simulator) {
        return new AzureConnection(simulator.armUrl(), simulator.subscriptionId(), simulator.tenantId(),
                simulator.caCertificate());
    }
}
