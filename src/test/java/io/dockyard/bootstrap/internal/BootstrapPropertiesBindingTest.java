package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockyard.bootstrap.BootstrapPayloads;
import io.dockyard.bootstrap.BootstrapProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BootstrapPropertiesBindingTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(BootstrapConfiguration.class, BootstrapPayloads.class);

    @Test
    void defaultsGiveTheCustomScriptExtension() {
        context.run(started -> {
            assertThat(started).hasNotFailed().hasSingleBean(BootstrapPayloads.class);
            assertThat(started.getBean(BootstrapProperties.class)).isEqualTo(BootstrapProperties.defaults());
        });
    }

    @Test
    void propertiesSwitchToTheLegacyExtension() {
        context.withPropertyValues("dockyard.bootstrap.mode=docker-extension", "dockyard.bootstrap.extension-name=docker",
                "dockyard.bootstrap.docker-apt-repository=https://mirror.example.com/docker/linux/ubuntu/",
                "dockyard.bootstrap.engine-wait=2m").run(started -> {
                    BootstrapProperties properties = started.getBean(BootstrapProperties.class);
                    assertThat(properties.mode()).isEqualTo(BootstrapProperties.Mode.DOCKER_EXTENSION);
                    assertThat(properties.extensionName()).isEqualTo("docker");
                    assertThat(properties.dockerAptRepository()).isEqualTo("https://mirror.example.com/docker/linux/ubuntu");
                    assertThat(properties.engineWait()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void aBadValueStopsTheStart() {
        context.withPropertyValues("dockyard.bootstrap.docker-apt-repository=http://insecure.example.com")
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("docker-apt-repository must be an https URL"));
    }
}
