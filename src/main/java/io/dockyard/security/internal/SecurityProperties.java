package io.dockyard.security.internal;

import io.dockyard.security.TeamNames;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param cors the browser origins (the platform portal) that may call the API from their pages
 * @param oidc sign-in with JWTs from an OpenID Connect issuer, off unless enabled
 */
@ConfigurationProperties("dockyard.security")
public record SecurityProperties(
        @DefaultValue("P90D") Duration tokenDefaultTtl,
        @DefaultValue("P365D") Duration tokenMaxTtl,
        @DefaultValue("PT5S") Duration tokenCacheTtl,
        String bootstrapAdminToken,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Oidc oidc,
        @DefaultValue Cors cors) {

    /**
     * Cross-origin access for the portal. Empty (the default) means no browser page of another origin may call the
     * API. Origins are exact ({@code https://portal.example.com}), never a wildcard: the API hands out credentials.
     *
     * @param allowedOrigins the origins allowed, scheme and host (and port when not the default)
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(List<String> allowedOrigins, @DefaultValue("PT1H") Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            for (String origin : allowedOrigins) {
                if (origin.contains("*") || !origin.matches("^https?://[^/\\s]+$")) {
                    throw new IllegalArgumentException("dockyard.security.cors.allowed-origins: '" + origin
                            + "' is not an origin like https://portal.example.com (no path, no wildcard)");
                }
            }
        }
    }

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

    /** Beyond this, a stolen expired token stays useful for too long; IdPs keep their clocks far closer. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * JWT validation and claim mapping ({@code dockyard.security.oidc.*}). Checked at start when
     * enabled, so a half-configured issuer stops the service instead of letting nobody in.
     *
     * @param enabled whether JWTs are accepted at all
     * @param issuerUri the exact {@code iss} of accepted tokens (Entra ID v2:
     *        {@code https://login.microsoftonline.com/<tenant-id>/v2.0})
     * @param jwkSetUri where the issuer publishes its signing keys; when absent it is read from
     *        {@code <issuer>/.well-known/openid-configuration} on first use
     * @param audiences accepted {@code aud} values (Entra ID: the API's client id and/or its
     *        {@code api://} application id URI); a token must name at least one
     * @param clockSkew tolerance on {@code exp} and {@code nbf}, at most five minutes
     * @param teamClaim the claim that lists the caller's teams (a string or an array)
     * @param teamMapping claim value to team name, e.g. an Entra group object id to {@code team-a}
     * @param requireTeamMapping when true, claim values missing from {@code teamMapping} are ignored;
     *        when false, an unmapped value that is a valid team name is taken as it is
     * @param adminClaim the claim that may carry {@code adminClaimValue} (a string or an array)
     * @param adminClaimValue the value in {@code adminClaim} that makes the caller an admin
     * @param principalClaim the claim that names the caller in records; {@code sub} when absent
     */
    public record Oidc(
            @DefaultValue("false") boolean enabled,
            URI issuerUri,
            URI jwkSetUri,
            @DefaultValue List<String> audiences,
            @DefaultValue("60s") Duration clockSkew,
            @DefaultValue("groups") String teamClaim,
            @DefaultValue Map<String, String> teamMapping,
            @DefaultValue("false") boolean requireTeamMapping,
            @DefaultValue("roles") String adminClaim,
            @DefaultValue("Dockyard.Admin") String adminClaimValue,
            @DefaultValue("preferred_username") String principalClaim) {

        public Oidc {
            audiences = List.copyOf(audiences);
            teamMapping = Map.copyOf(teamMapping);
            if (enabled) {
                List<String> problems = problems(issuerUri, jwkSetUri, audiences, clockSkew, teamClaim, teamMapping,
                        adminClaim, adminClaimValue, principalClaim);
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException("dockyard.security.oidc is enabled but "
                            + String.join("; ", problems));
                }
            }
        }

        private static List<String> problems(URI issuerUri, URI jwkSetUri, List<String> audiences, Duration clockSkew,
                String teamClaim, Map<String, String> teamMapping, String adminClaim, String adminClaimValue,
                String principalClaim) {
            List<String> problems = new ArrayList<>();
            if (issuerUri == null || !issuerUri.isAbsolute()) {
                problems.add("issuer-uri must be the issuer's absolute URL (the exact 'iss' of its tokens)");
            } else if (!"https".equals(issuerUri.getScheme()) && !isLoopback(issuerUri)) {
                problems.add("issuer-uri must use https");
            }
            if (jwkSetUri != null && (!jwkSetUri.isAbsolute()
                    || !("https".equals(jwkSetUri.getScheme()) || isLoopback(jwkSetUri)))) {
                problems.add("jwk-set-uri must be an absolute https URL");
            }
            if (audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
                problems.add("audiences must name at least one accepted 'aud' value, none blank");
            }
            if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                problems.add("clock-skew must be between 0s and 5m");
            }
            for (var claim : new String[] {teamClaim, adminClaim, adminClaimValue, principalClaim}) {
                if (claim == null || claim.isBlank()) {
                    problems.add("team-claim, admin-claim, admin-claim-value and principal-claim must not be blank");
                    break;
                }
            }
            teamMapping.forEach((value, team) -> {
                if (!TeamNames.isValid(team)) {
                    problems.add("team-mapping maps '" + value + "' to '" + team + "', which is not a team name ("
                            + TeamNames.RULE + ")");
                }
            });
            return problems;
        }

        /** Plain HTTP only to this machine: a test or a sidecar, never a network an attacker shares. */
        private static boolean isLoopback(URI uri) {
            String host = uri.getHost();
            return "http".equals(uri.getScheme()) && host != null
                    && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
        }
    }
}
