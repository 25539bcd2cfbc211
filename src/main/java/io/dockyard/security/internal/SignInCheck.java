package io.dockyard.security.internal;

import io.dockyard.security.ApiTokens;
import io.dockyard.security.Role;
import java.time.Clock;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stops a production start that nobody could use: OIDC off and no live admin API token in the database (after the
 * bootstrap token, if one is configured, has been stored). Without it the service would run, reconcile, and refuse
 * every request, and the operator would learn why only from a support ticket. The check needs the database, so it
 * runs after start-up rather than with {@link io.dockyard.RequiredSettings}'s list.
 */
@Component
@Profile({"azure", "default"})
@Order(Ordered.LOWEST_PRECEDENCE)
class SignInCheck implements ApplicationRunner {

    private final ApiTokens tokens;
    private final SecurityProperties properties;
    private final Clock clock;

    SignInCheck(ApiTokens tokens, SecurityProperties properties, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.oidc().enabled()) {
            return;
        }
        boolean liveAdmin = tokens.list().stream().anyMatch(token -> token.role() == Role.ADMIN
                && token.revokedAt() == null
                && (token.expiresAt() == null || token.expiresAt().isAfter(clock.instant())));
        if (!liveAdmin) {
            throw new NobodyCanSignInException("Dockyard cannot start in production mode: nobody could sign in. OIDC "
                    + "is off and the database holds no live admin API token. Set dockyard.security.oidc.* (enabled, "
                    + "issuer-uri, audiences) for people, or dockyard.security.bootstrap-admin-token "
                    + "(DOCKYARD_SECURITY_BOOTSTRAP_ADMIN_TOKEN) to a long random value to mint the first admin token.");
        }
    }

    /** Thrown when production has no way in; the service exits with its message. */
    static final class NobodyCanSignInException extends IllegalStateException {
        NobodyCanSignInException(String message) {
            super(message);
        }
    }
}
