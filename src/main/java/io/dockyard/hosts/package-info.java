/**
 * The hosts API: spec validation, persistence of spec, status and events, idempotency keys.
 */
@ApplicationModule(displayName = "hosts", allowedDependencies = {"pki", "security", "web"})
package io.dockyard.hosts;

import org.springframework.modulith.ApplicationModule;
