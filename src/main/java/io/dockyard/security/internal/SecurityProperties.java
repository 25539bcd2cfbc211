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
 * @param rateLimits how much one principal may write and how many credentials it may obtain
 */
@ConfigurationProperties("dockyard.security")
public record SecurityProperties(
        @DefaultValue("P90D") Duration tokenDefaultTtl,
        @DefaultValue("P365D") Duration tokenMaxTtl,
        @DefaultValue("PT5S") Duration tokenCacheTtl,
        String bootstrapAdminToken,
        @DefaultValue RateLimits rateLimits) {

    /**
     * Per-principal limits, each a token bucket as large as its rate (a burst of a full period is allowed). They are
     * kept per instance: behind a load balancer over N instances, a principal gets up to N times these.
     *
     * @param enabled whether the limits apply at all
     * @param writesPerMinute POST, PUT, PATCH and DELETE requests under {@code /api/}
     * @param credentialsPerHour client certificates issued and API tokens created
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("300") int writesPerMinute,
            @DefaultValue("60") int credentialsPerHour) {

        public RateLimits {
            if (writesPerMinute < 1 || credentialsPerHour < 1) {
                throw new IllegalArgumentException("dockyard.security.rate-limits.* must be at least 1");
            }
        }
    }
}
