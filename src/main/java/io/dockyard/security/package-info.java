/**
 * Authentication: API tokens (stored as hashes) and OIDC JWTs; the caller's principal and team scoping.
 */
@ApplicationModule(displayName = "security", allowedDependencies = {"web"})
package io.dockyard.security;

import org.springframework.modulith.ApplicationModule;
