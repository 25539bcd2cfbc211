/**
 * The VM extension payload that installs and configures Docker on a host. {@link
 * io.dockyard.bootstrap.BootstrapPayloads} turns a host's {@link io.dockyard.bootstrap.BootstrapSettings} into an
 * {@link io.dockyard.bootstrap.ExtensionPayload}: by default a Custom Script extension running Dockyard's install
 * script, or the retired DockerExtension's schema when {@code dockyard.bootstrap.mode=docker-extension}. The module
 * depends on no other Dockyard module: the reconciler hands it plain values.
 */
@ApplicationModule(displayName = "bootstrap", allowedDependencies = {})
package io.dockyard.bootstrap;

import org.springframework.modulith.ApplicationModule;
