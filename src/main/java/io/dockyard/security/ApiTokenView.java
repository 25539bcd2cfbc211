package io.dockyard.security;

import java.time.Instant;
import java.util.UUID;

/**
 * An API token as it may be shown after creation: everything but the secret. {@code prefix} is the
 * first characters of the token so that an owner can recognise which one is which.
 */
public record ApiTokenView(UUID id, String team, Role role, String description, String prefix,
        Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt) {
}
