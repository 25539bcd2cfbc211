package io.dockyard.security;

/**
 * A freshly minted token: the only moment its secret value exists outside the caller's hands.
 */
public record IssuedApiToken(ApiTokenView token, String secret) {
}
