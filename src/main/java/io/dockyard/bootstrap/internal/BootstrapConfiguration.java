package io.dockyard.bootstrap.internal;

import io.dockyard.bootstrap.BootstrapProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code dockyard.bootstrap.*}. The application's properties scan would find the record as
 * well; registering it here keeps the module whole when it is started on its own (slice tests,
 * context runners). Both registrations use the same bean name, so there is only ever one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BootstrapProperties.class)
class BootstrapConfiguration {
}
