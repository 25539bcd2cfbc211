package io.dockyard.security;

/**
 * An API token was minted or revoked, published as an application event inside the transaction that stores it.
 * It carries the token's description, never its secret.
 */
public sealed interface ApiTokenActivity {

    ApiTokenView token();

    /** Minted through the API, or at startup (local mode's dev tokens, the bootstrap admin token). */
    record Issued(ApiTokenView token) implements ApiTokenActivity {
    }

    record Revoked(ApiTokenView token) implements ApiTokenActivity {
    }
}
