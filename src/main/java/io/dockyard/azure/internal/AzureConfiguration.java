package io.dockyard.azure.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dockyard.azure.AzureConnection;
import io.dockyard.azure.AzureProperties;
import io.dockyard.azure.AzureResources;

/**
 * One adapter, two configurations: a {@link AzureConnection} bean (local mode's simulator) or
 * {@code dockyard.azure.endpoint} + {@code trusted-ca} (a standalone simulator) means that endpoint; otherwise the
 * configured Azure cloud and subscription with DefaultAzureCredential.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AzureProperties.class)
@ConditionalOnProperty(name = "dockyard.azure.enabled", havingValue = "true")
class AzureConfiguration {

    @Bean
    AzureResources azureResources(AzureProperties properties, ObjectProvider<AzureConnection> connection,
                                  ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        AzureConnection endpoint = connection.getIfAvailable();
        if (endpoint == null && properties.endpoint() != null) {
            endpoint = new AzureConnection(properties.endpoint(), properties.subscriptionId(), properties.tenantId(),
                    properties.trustedCa());
        }
        if (endpoint == null && (properties.subscriptionId() == null || properties.subscriptionId().isBlank())) {
            throw new IllegalStateException("dockyard.azure.enabled is true but neither dockyard.azure.subscription-id "
                    + "nor an endpoint (dockyard.azure.endpoint, or local mode's simulator) is configured");
        }
        AzureClients clients = endpoint != null ? AzureClientFactory.forEndpoint(endpoint, properties, meters.getIfAvailable())
                : AzureClientFactory.forAzure(properties, meters.getIfAvailable());
        return new ArmAdapter(clients);
    }

    /** Named {@code azure} in health; the readiness group of local mode and production includes it. */
    @Bean("azureHealthIndicator")
    AzureAccessCheck azureAccessCheck(AzureResources azure, java.time.Clock clock) {
        return new AzureAccessCheck(azure, clock);
    }
}
