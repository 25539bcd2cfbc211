/**
 * Local mode (profile local): embedded PostgreSQL under ./.dockyard, dev API tokens and the startup banner.
 */
@ApplicationModule(displayName = "local", allowedDependencies = {"security", "web"})
package io.dockyard.local;

import org.springframework.modulith.ApplicationModule;
