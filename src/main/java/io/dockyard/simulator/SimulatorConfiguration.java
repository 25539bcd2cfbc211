package io.dockyard.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the simulated cloud as a bean when {@code dockyard.simulator.enabled=true}: local mode turns it on, the
 * standalone {@link SimulatorMain} runs only this, and production never has it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "dockyard.simulator.enabled", havingValue = "true")
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {

    @Bean(destroyMethod = "close")
    ArmSimulator armSimulator(SimulatorProperties properties) {
        return ArmSimulator.start(properties);
    }
}
