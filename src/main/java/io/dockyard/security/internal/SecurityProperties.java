package io.dockyard.security.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings ({@code dockyard.security.*}).
 *
 * @param tokenDefaultTtl lifetime of an API token minted without an expiry
 * @param tokenMaxTtl the longest lifetime an admin may give a token
 * @param bootstrapAdminToken an admin token chosen by the operator, stored (as a hash) at start when
 *        unknown, so that a fresh production database has a first way in
 * @param tokenCacheTtl how long a verified token is trusted without asking the database again;
 *        revocation on this instance takes effect at once, on other instances within this time
 */
@ConfigurationProperties("dockyard.security")
public record SecurityProperties(
        @DefaultValue("P90D") Duration tokenDefaultTtl,
        @DefaultValue("P365D") Duration tokenMaxTtl,
        @DefaultValue("PT5S") Duration tokenCacheTtl,
        String bootstrapAdminToken) {
}
