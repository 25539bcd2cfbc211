package io.dockyard.bootstrap;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Dockyard installs Docker on its hosts ({@code dockyard.bootstrap.*}). The default is a
 * Custom Script extension running Dockyard's own script; {@code docker-extension} switches to the
 * retired DockerExtension's schema for clouds that still host it. Checked when bound, so a bad
 * value stops the service at start rather than failing every host later.
 *
 * @param mode {@code custom-script} (default) or {@code docker-extension}
 * @param extensionName the extension resource's name on each VM
 * @param dockerAptRepository Docker's apt repository for Ubuntu; the signing key is at {@code <repository>/gpg}
 * @param customScriptVersion typeHandlerVersion of Microsoft.Azure.Extensions/CustomScript
 * @param dockerExtensionVersion typeHandlerVersion of Microsoft.Azure.Extensions/DockerExtension
 * @param azureEnvironment the DockerExtension's {@code azure-environment} (AzureCloud or AzureChinaCloud)
 * @param engineWait how long the script waits for {@code docker info} to answer after a (re)start
 */
@ConfigurationProperties("dockyard.bootstrap")
public record BootstrapProperties(
        @DefaultValue("custom-script") Mode mode,
        @DefaultValue("dockyard-docker") String extensionName,
        @DefaultValue("https://download.docker.com/linux/ubuntu") String dockerAptRepository,
        @DefaultValue("2.1") String customScriptVersion,
        @DefaultValue("1.2") String dockerExtensionVersion,
        @DefaultValue("AzureCloud") String azureEnvironment,
        @DefaultValue("60s") Duration engineWait) {

    private static final Pattern EXTENSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern REPOSITORY = Pattern.compile("https://[A-Za-z0-9._~:/-]+");
    private static final Pattern HANDLER_VERSION = Pattern.compile("\\d+\\.\\d+");

    /** Which VM extension carries the install. */
    public enum Mode {
        CUSTOM_SCRIPT,
        DOCKER_EXTENSION
    }

    public BootstrapProperties {
        Objects.requireNonNull(mode, "dockyard.bootstrap.mode");
        require(extensionName, EXTENSION_NAME, "extension-name", "1-64 letters, digits, '.', '_' or '-'");
        require(dockerAptRepository, REPOSITORY, "docker-apt-repository", "an https URL");
        dockerAptRepository = dockerAptRepository.replaceAll("/+$", "");
        require(customScriptVersion, HANDLER_VERSION, "custom-script-version", "MAJOR.MINOR");
        require(dockerExtensionVersion, HANDLER_VERSION, "docker-extension-version", "MAJOR.MINOR");
        if (azureEnvironment == null || azureEnvironment.isBlank()) {
            throw new IllegalArgumentException("dockyard.bootstrap.azure-environment must not be blank");
        }
        if (engineWait == null || engineWait.toSeconds() < 1) {
            throw new IllegalArgumentException("dockyard.bootstrap.engine-wait must be at least one second");
        }
    }

    private static void require(String value, Pattern pattern, String name, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("dockyard.bootstrap." + name + " must be " + what + ", got " + value);
        }
    }

    /** The defaults, for code that builds payloads without Spring. */
    public static BootstrapProperties defaults() {
        return new BootstrapProperties(Mode.CUSTOM_SCRIPT, "dockyard-docker", "https://download.docker.com/linux/ubuntu",
                "2.1", "1.2", "AzureCloud", Duration.ofSeconds(60));
    }

    public BootstrapProperties withMode(Mode value) {
        return new BootstrapProperties(value, extensionName, dockerAptRepository, customScriptVersion,
                dockerExtensionVersion, azureEnvironment, engineWait);
    }
}
