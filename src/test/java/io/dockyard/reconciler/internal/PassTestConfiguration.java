package io.dockyard.reconciler.internal;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.dockyard.azure.AzureConnection;
import io.dockyard.simulator.ArmSimulator;

/** Points the Azure adapter at the simulator the test context starts, as local mode does. */
@TestConfiguration(proxyBeanMethods = false)
class PassTestConfiguration {

    @Bean
    AzureConnection simulatedAzure(ArmSimulator simulator) {
        return new AzureConnection(simulator.armUrl(), simulator.subscriptionId(), simulator.tenantId(),
                simulator.caCertificate());
    }
}
