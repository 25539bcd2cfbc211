/**
 * Local mode (profile local): embedded PostgreSQL under ./.dockyard, dev API tokens, the in-process simulated Azure and the startup banner.
 */
@ApplicationModule(displayName = "local", allowedDependencies = {"security", "web", "simulator", "azure", "hosts"})
package io.dockyard.local;

import org.springframework.modulith.ApplicationModule;
