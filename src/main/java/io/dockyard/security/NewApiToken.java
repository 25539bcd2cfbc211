package io.dockyard.security;

import java.time.Instant;

/**
 * What an admin asks for when minting an API token. {@code expiresAt} may be null, which means the
 * configured default lifetime.
 */
public record NewApiToken(String team, Role role, String description, Instant expiresAt) {
}
