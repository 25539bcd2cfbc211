package io.dockyard.security.internal;

import io.dockyard.security.ApiTokens;
import io.dockyard.security.NewApiToken;
import io.dockyard.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives a fresh production database its first admin: the operator generates a token, passes it
 * as {@code dockyard.security.bootstrap-admin-token}, and it is stored as a hash on start unless
 * it is known already. Only its prefix is logged.
 */
@Component
@Order(0)
class BootstrapAdminToken implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminToken.class);

    private final ApiTokens tokens;
    private final SecurityProperties properties;

    BootstrapAdminToken(ApiTokens tokens, SecurityProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String secret = properties.bootstrapAdminToken();
        if (secret == null || secret.isBlank()) {
            return;
        }
        boolean stored = tokens.importIfAbsent(secret.trim(), new NewApiToken("platform", Role.ADMIN,
                "bootstrap admin token", null), "bootstrap");
        if (stored) {
            log.info("Stored the bootstrap admin token {}...; mint real tokens with it, then revoke it",
                    secret.substring(0, Math.min(9, secret.length())));
        }
    }
}
