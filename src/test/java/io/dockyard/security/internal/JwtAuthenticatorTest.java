package io.dockyard.security.internal;

import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.Role;
import io.dockyard.support.TestIdentityProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.dockyard.support.TestIdentityProvider.AUDIENCE;
import static io.dockyard.support.TestIdentityProvider.TEAM_A_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Claim mapping, OpenID discovery and the checks on the settings, without the web layer: the issuer
 * is {@link TestIdentityProvider} over real HTTP.
 */
class JwtAuthenticatorTest {

    private final TestIdentityProvider idp = TestIdentityProvider.get();

    @Test
    void withoutAJwkSetUriTheKeysAreFoundThroughTheIssuersOpenIdConfiguration() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.issuer(), null, false), Clock.systemUTC());

        CallerPrincipal caller = authenticator.authenticate(idp.token("alice@example.com", List.of(TEAM_A_GROUP)));

        assertThat(caller).isEqualTo(new CallerPrincipal("oidc:alice@example.com", "team-a", Role.USER));
    }

    @Test
    void aDiscoveryDocumentThatNamesAnotherIssuerIsNotTrusted() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.impostorIssuer(), null, false),
                Clock.systemUTC());
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP), c -> c.issuer(idp.impostorIssuer()));

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOfSatisfying(BearerTokenProblem.class,
                p -> assertThat(p.getStatusCode().value()).isEqualTo(401));
    }

    @Test
    void aPersonInSeveralGroupsGetsEveryMappedTeamAndNoHomeTeam() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.issuer(), idp.jwkSetUri(), false),
                Clock.systemUTC());

        CallerPrincipal caller = authenticator.authenticate(idp.token("carol@example.com",
                List.of("team-b", TEAM_A_GROUP, "Not A Team", "team-b")));

        assertThat(caller.teams()).containsExactly("team-a", "team-b");
        assertThat(caller.team()).isNull();
        assertThat(caller.canAccess("team-b")).isTrue();
        assertThat(caller.canAccess("team-c")).isFalse();
    }

    @Test
    void whenTheMappingIsRequiredUnmappedValuesAreIgnored() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.issuer(), idp.jwkSetUri(), true),
                Clock.systemUTC());

        CallerPrincipal caller = authenticator.authenticate(idp.token("carol@example.com",
                List.of("team-b", TEAM_A_GROUP)));

        assertThat(caller.teams()).containsExactly("team-a");
    }

    @Test
    void singleStringClaimsCountAsOneValue() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.issuer(), idp.jwkSetUri(), false),
                Clock.systemUTC());

        CallerPrincipal caller = authenticator.authenticate(idp.token("ops@example.com", List.of(),
                c -> c.claim("groups", "team-c").claim("roles", TestIdentityProvider.ADMIN_ROLE)));

        assertThat(caller.teams()).containsExactly("team-c");
        assertThat(caller.isAdmin()).isTrue();
    }

    @Test
    void anAdminNeedsNoTeam() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.issuer(), idp.jwkSetUri(), false),
                Clock.systemUTC());

        CallerPrincipal caller = authenticator.authenticate(idp.sign(idp.claims("ops@example.com", List.of(),
                List.of(TestIdentityProvider.ADMIN_ROLE)).build()));

        assertThat(caller.role()).isEqualTo(Role.ADMIN);
        assertThat(caller.teams()).isEmpty();
        assertThat(caller.canAccess("team-a")).isTrue();
    }

    @Test
    void controlCharactersInTheNameAreDropped() {
        JwtAuthenticator authenticator = new JwtAuthenticator(oidc(idp.issuer(), idp.jwkSetUri(), false),
                Clock.systemUTC());

        CallerPrincipal caller = authenticator.authenticate(idp.token("eve\n2026-01-01 INFO forged line",
                List.of("team-a")));

        assertThat(caller.subject()).isEqualTo("oidc:eve2026-01-01 INFO forged line");
    }

    @Test
    void enabledSettingsAreCheckedAndEveryProblemIsNamed() {
        assertThatThrownBy(() -> new SecurityProperties.Oidc(true, URI.create("http://login.example.com/tenant"),
                URI.create("http://keys.example.com/keys"), List.of(), Duration.ofMinutes(10), "groups",
                Map.of("some-group", "Team A"), false, "roles", "Dockyard.Admin", "preferred_username"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuer-uri must use https")
                .hasMessageContaining("jwk-set-uri")
                .hasMessageContaining("audiences")
                .hasMessageContaining("clock-skew")
                .hasMessageContaining("team-mapping maps 'some-group'");
    }

    @Test
    void disabledSettingsAreNotChecked() {
        var oidc = new SecurityProperties.Oidc(false, null, null, List.of(), Duration.ofHours(1), "groups", Map.of(),
                false, "roles", "Dockyard.Admin", "preferred_username");

        assertThat(oidc.enabled()).isFalse();
    }

    private static SecurityProperties.Oidc oidc(String issuer, String jwkSetUri, boolean requireMapping) {
        return new SecurityProperties.Oidc(true, URI.create(issuer), jwkSetUri == null ? null : URI.create(jwkSetUri),
                List.of(AUDIENCE), Duration.ofSeconds(60), "groups", Map.of(TEAM_A_GROUP, "team-a"), requireMapping,
                "roles", TestIdentityProvider.ADMIN_ROLE, "preferred_username");
    }
}
