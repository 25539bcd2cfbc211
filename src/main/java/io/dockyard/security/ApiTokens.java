package io.dockyard.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens for automation: random, shown once, stored only as a SHA-256 hash. Other modules use
 * this to mint tokens (local mode's dev tokens) and to check whether a secret is still valid.
 */
public interface ApiTokens {

    IssuedApiToken issue(NewApiToken request, String createdBy);

    /**
     * Stores a token whose secret the operator chose, unless a token with that secret exists
     * already; for bootstrapping the first admin. Returns whether it was stored now.
     */
    boolean importIfAbsent(String secret, NewApiToken request, String createdBy);

    List<ApiTokenView> list();

    /** Revokes a token; revoking one that is already revoked changes nothing. */
    Optional<ApiTokenView> revoke(UUID id);

    /** The principal a secret stands for, if it is known, unexpired and not revoked. */
    Optional<CallerPrincipal> authenticate(String secret);
}
