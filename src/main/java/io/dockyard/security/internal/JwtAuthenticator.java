package io.dockyard.security.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.Role;
import io.dockyard.security.TeamNames;
import java.net.MalformedURLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Signs people in with JWTs from the configured OpenID Connect issuer (Microsoft Entra ID in
 * production) and maps their claims to a {@link CallerPrincipal}: teams from the team claim through
 * the mapping table, the admin role from one value of the admin claim, the name from the principal
 * claim. Only RS256 and ES256 signatures by a key the issuer publishes are accepted; issuer, audience,
 * expiry and not-before are checked with the configured clock skew.
 */
final class JwtAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final long WARN_INTERVAL_MILLIS = 60_000;
    // The JWKS of Entra ID is about 10 KiB; the cap keeps a misdirected URL from filling memory.
    private static final int KEYS_SIZE_LIMIT = 256 * 1024;
    private static final int KEYS_TIMEOUT_MILLIS = 3_000;
    private static final int MAX_NAME_LENGTH = 200;

    private final SecurityProperties.Oidc settings;
    private final NimbusJwtDecoder decoder;
    private final AtomicLong lastWarning = new AtomicLong();

    JwtAuthenticator(SecurityProperties.Oidc settings, Clock clock) {
        this.settings = settings;
        this.decoder = new NimbusJwtDecoder(processor(keySource(settings)));
        this.decoder.setJwtValidator(validator(settings, clock));
    }

    /**
     * The principal the token stands for.
     *
     * @throws BearerTokenProblem 401 when the token is not valid here, 403 when it grants nothing
     */
    CallerPrincipal authenticate(String token) {
        Jwt jwt = decode(token);
        boolean admin = values(jwt.getClaim(settings.adminClaim())).anyMatch(settings.adminClaimValue()::equals);
        List<String> teams = values(jwt.getClaim(settings.teamClaim())).map(this::team)
                .filter(t -> t != null).distinct().toList();
        if (!admin && teams.isEmpty()) {
            throw BearerTokenProblem.noTeam("Your sign-in is valid but names no Dockyard team in its '"
                    + settings.teamClaim() + "' claim. Ask the platform team to add you to a team's group.");
        }
        return new CallerPrincipal("oidc:" + name(jwt), teams, admin ? Role.ADMIN : Role.USER);
    }

    private Jwt decode(String token) {
        try {
            return decoder.decode(token);
        } catch (JwtValidationException e) {
            // These descriptions come from our validators and Spring's timestamp check: claim names and times only.
            throw BearerTokenProblem.invalidToken(e.getErrors().stream().map(OAuth2Error::getDescription)
                    .collect(Collectors.joining(" ")));
        } catch (BadJwtException e) {
            throw BearerTokenProblem.invalidToken(NOT_OURS);
        } catch (JwtException e) {
            if (causedBy(e, RateLimitReachedException.class)) {
                // An unknown key id asks for a fresh key set; too many of those within the limit are forgeries.
                throw BearerTokenProblem.invalidToken(NOT_OURS);
            }
            warnNowAndThen(e);
            throw BearerTokenProblem.invalidToken("The token could not be checked: the issuer's signing keys are"
                    + " unavailable right now. Try again shortly.");
        }
    }

    private static final String NOT_OURS = "The bearer token is not a valid API token, nor a JWT signed (RS256 or"
            + " ES256) with a key the configured issuer publishes.";

    private String team(String value) {
        String mapped = settings.teamMapping().get(value);
        if (mapped != null) {
            return mapped;
        }
        return !settings.requireTeamMapping() && TeamNames.isValid(value) ? value : null;
    }

    private String name(Jwt jwt) {
        String name = jwt.getClaimAsString(settings.principalClaim());
        if (name == null || name.isBlank()) {
            name = jwt.getSubject();
        }
        if (name == null || name.isBlank()) {
            throw BearerTokenProblem.invalidToken("The token names nobody: it has neither '"
                    + settings.principalClaim() + "' nor 'sub'.");
        }
        // The name ends up in events and logs: no line breaks or other control characters, bounded length.
        String clean = name.replaceAll("\\p{Cntrl}", "");
        return clean.length() > MAX_NAME_LENGTH ? clean.substring(0, MAX_NAME_LENGTH) : clean;
    }

    /** A claim as a stream of strings: a single string, an array of strings, or nothing. */
    private static Stream<String> values(Object claim) {
        return switch (claim) {
            case String s -> Stream.of(s);
            case Collection<?> c -> c.stream().filter(String.class::isInstance).map(String.class::cast);
            case null, default -> Stream.empty();
        };
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Once a minute at most, so that an outage of the identity provider does not flood the log. */
    private void warnNowAndThen(JwtException e) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
            // The message describes the key fetch (URL, HTTP status), never the token.
            log.warn("JWTs cannot be checked: {}", e.getMessage());
        }
    }

    private static JWKSource<SecurityContext> keySource(SecurityProperties.Oidc settings) {
        ResourceRetriever retriever = new DefaultResourceRetriever(KEYS_TIMEOUT_MILLIS, KEYS_TIMEOUT_MILLIS,
                KEYS_SIZE_LIMIT);
        // Nimbus's defaults: keys cached for 5 minutes, refetched at most every 30 seconds for an unknown key id.
        if (settings.jwkSetUri() != null) {
            try {
                return JWKSourceBuilder.<SecurityContext>create(settings.jwkSetUri().toURL(), retriever).build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("dockyard.security.oidc.jwk-set-uri is not a URL", e);
            }
        }
        return JWKSourceBuilder.create(new DiscoveredJwkSetSource(settings.issuerUri(), retriever)).build();
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // Asymmetric only: with HS256 allowed, the published public key would become a shared secret.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                keys));
        // The typ header and the claims are checked by the validators below, with messages of our own.
        processor.setJWSTypeVerifier((header, context) -> {
        });
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        return processor;
    }

    private static OAuth2TokenValidator<Jwt> validator(SecurityProperties.Oidc settings, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
        timestamps.setClock(clock);
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        type.setAllowEmpty(true);
        String issuer = settings.issuerUri().toString();
        List<String> audiences = settings.audiences();
        return new DelegatingOAuth2TokenValidator<>(
                type,
                check(jwt -> issuer.equals(jwt.getClaimAsString("iss")),
                        "The token was issued by another issuer than the one this service trusts."),
                check(jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(audiences::contains),
                        "The token is meant for another audience than this service."),
                check(jwt -> jwt.getExpiresAt() != null, "The token has no expiry ('exp')."),
                timestamps);
    }

    private static OAuth2TokenValidator<Jwt> check(Predicate<Jwt> passes, String description) {
        OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
        return jwt -> passes.test(jwt) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(error);
    }
}
