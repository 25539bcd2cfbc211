package io.dockyard.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.dockyard.azure.AzureConnection;
import io.dockyard.simulator.ArmSimulator;

/**
 * Points the Azure adapter at the simulator a test context starts ({@code dockyard.simulator.enabled=true}), as
 * local mode does for the service.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SimulatedAzure {

    @Bean
    AzureConnection simulatedAzure(ArmSimulator simulator) {
        return new AzureConnection(simulator.armUrl(), simulator.subscriptionId(), simulator.tenantId(),
                simulator.caCertificate());
    }
}
