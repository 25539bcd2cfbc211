package io.dockyard.bootstrap;

import io.dockyard.bootstrap.internal.CustomScriptPayload;
import io.dockyard.bootstrap.internal.DockerExtensionPayload;
import org.springframework.stereotype.Component;

/**
 * The one entry point of this module: turns a host's settings into the VM extension that installs
 * and configures Docker on it, in the form {@code dockyard.bootstrap.mode} asks for. Pure and
 * deterministic: the same settings give the same payload (and the same {@code forceUpdateTag}).
 */
@Component
public class BootstrapPayloads {

    private final BootstrapProperties.Mode mode;
    private final CustomScriptPayload customScript;
    private final DockerExtensionPayload dockerExtension;

    public BootstrapPayloads(BootstrapProperties properties) {
        this.mode = properties.mode();
        this.customScript = new CustomScriptPayload(properties);
        this.dockerExtension = new DockerExtensionPayload(properties);
    }

    /**
     * The extension for {@code host}.
     *
     * @throws IllegalArgumentException if the configured extension cannot express the host's settings
     *     (the legacy DockerExtension has one registry login, no version pin and flag-shaped options);
     *     the message says which setting and why
     */
    public ExtensionPayload payload(BootstrapSettings host) {
        return switch (mode) {
            case CUSTOM_SCRIPT -> customScript.build(host);
            case DOCKER_EXTENSION -> dockerExtension.build(host);
        };
    }
}
