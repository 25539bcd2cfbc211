package io.dockyard.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.TestIdentityProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.dockyard.support.TestIdentityProvider.ADMIN_ROLE;
import static io.dockyard.support.TestIdentityProvider.TEAM_A_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC sign-in end to end: tokens signed with keys that {@link TestIdentityProvider} publishes as a
 * JWKS over HTTP, validated by the running service next to API tokens.
 */
class OidcSignInTest extends ApiTestSupport {

    private final TestIdentityProvider idp = TestIdentityProvider.get();

    @Test
    void aTokenWhoseGroupIsMappedToATeamSeesThatTeamsHosts() {
        String id = create(teamA, "mapped-01").get("id").stringValue();
        String alice = idp.token("alice@example.com", List.of(TEAM_A_GROUP));

        ApiResponse list = api.get("/api/v1/hosts", alice);
        ApiResponse one = api.get("/api/v1/hosts/" + id, alice);

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("items")).extracting(h -> h.get("id").stringValue()).containsExactly(id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("team").stringValue()).isEqualTo("team-a");
    }

    @Test
    void anUnmappedGroupThatIsAValidTeamNameIsTakenAsItIs() {
        create(teamB, "raw-01");

        ApiResponse list = api.get("/api/v1/hosts", idp.token("bob@example.com", List.of("team-b")));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).extracting(h -> h.get("team").stringValue()).containsExactly("team-b");
    }

    @Test
    void aHostCreatedWithAJwtIsRecordedUnderThePreferredUsername() {
        String alice = idp.token("alice@example.com", List.of(TEAM_A_GROUP));

        String id = create(alice, "by-alice").get("id").stringValue();

        String principal = jdbc.sql("select principal from host_events where host_id = :id and reason = 'Created'")
                .param("id", UUID.fromString(id)).query(String.class).single();
        assertThat(principal).isEqualTo("oidc:alice@example.com");
    }

    @Test
    void theSubjectNamesTheCallerWhenThePreferredUsernameIsMissing() {
        String token = idp.token("ignored", List.of(TEAM_A_GROUP), c -> c.claim("preferred_username", null)
                .subject("00000000-aaaa-bbbb-cccc-000000000001"));

        String id = create(token, "by-sub").get("id").stringValue();

        String principal = jdbc.sql("select principal from host_events where host_id = :id")
                .param("id", UUID.fromString(id)).query(String.class).single();
        assertThat(principal).isEqualTo("oidc:00000000-aaaa-bbbb-cccc-000000000001");
    }

    @Test
    void aPersonInSeveralTeamsListsTheHostsOfEachAndMustNameTheTeamOfANewHost() {
        String a = create(teamA, "multi-a").get("id").stringValue();
        String b = create(teamB, "multi-b").get("id").stringValue();
        create(token("team-c", Role.USER), "multi-c");
        String carol = idp.token("carol@example.com", List.of(TEAM_A_GROUP, "team-b"));

        ApiResponse list = api.get("/api/v1/hosts", carol);
        ApiResponse onlyB = api.get("/api/v1/hosts?team=team-b", carol);
        ApiResponse notHers = api.get("/api/v1/hosts?team=team-c", carol);
        ApiResponse unnamed = api.post("/api/v1/hosts", carol, spec("multi-new").toString());
        ApiResponse foreign = api.post("/api/v1/hosts", carol, spec("multi-new").put("team", "team-c").toString());
        ApiResponse named = api.post("/api/v1/hosts", carol, spec("multi-new").put("team", "team-b").toString());

        assertThat(list.json().get("items")).extracting(h -> h.get("id").stringValue()).containsExactly(a, b);
        assertThat(onlyB.json().get("items")).extracting(h -> h.get("id").stringValue()).containsExactly(b);
        assertThat(notHers.status()).isEqualTo(400);
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.json().get("errors")).extracting(e -> e.get("pointer").stringValue()).containsExactly("/team");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("errors")).extracting(e -> e.get("pointer").stringValue()).containsExactly("/team");
        assertThat(named.status()).as(named.body()).isEqualTo(201);
        assertThat(named.json().get("team").stringValue()).isEqualTo("team-b");
    }

    @Test
    void theAdminAppRoleMakesTheCallerAnAdmin() {
        String admin = idp.sign(idp.claims("ops@example.com", List.of(), List.of(ADMIN_ROLE)).build());
        String user = idp.token("alice@example.com", List.of(TEAM_A_GROUP));

        assertThat(api.get("/api/v1/tokens", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tokens", user).status()).isEqualTo(403);
    }

    @Test
    void aJwtOfAnotherTeamGets404ForTheFirstTeamsHost() {
        String id = create(teamA, "private-01").get("id").stringValue();
        String bob = idp.token("bob@example.com", List.of("team-b"));

        ApiResponse get = api.get("/api/v1/hosts/" + id, bob);
        ApiResponse delete = api.delete("/api/v1/hosts/" + id, bob);

        assertThat(get.status()).isEqualTo(404);
        assertThat(delete.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/hosts", bob).json().get("items")).isEmpty();
    }

    @Test
    void aValidTokenThatNamesNoTeamIsForbidden() {
        ApiResponse response = api.get("/api/v1/tokens", idp.token("nobody@example.com", List.of("Not A Team")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anEs256TokenIsAccepted() {
        String token = idp.signEc(idp.claims("erin@example.com", List.of(TEAM_A_GROUP), List.of()).build());

        assertThat(api.get("/api/v1/hosts", token).status()).isEqualTo(200);
    }

    @Test
    void apiTokensStillWorkWhileOidcIsEnabled() {
        assertThat(api.get("/api/v1/hosts", teamA).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tokens", admin).status()).isEqualTo(200);
    }

    @Test
    void aTokenExpiredWithinTheClockSkewIsAccepted() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP), c -> issuedAgo(c, Duration.ofMinutes(30))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofSeconds(20)))));

        ApiResponse response = api.get("/api/v1/hosts", token);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aTokenExpiredBeyondTheClockSkewIs401() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP), c -> issuedAgo(c, Duration.ofMinutes(30))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(2)))));

        ApiResponse response = api.get("/api/v1/hosts", token);

        assertInvalidToken(response, token);
        assertThat(response.json().get("detail").stringValue()).contains("expired");
    }

    @Test
    void aTokenNotYetValidBeyondTheClockSkewIs401() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP), c -> c
                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(3)))));

        ApiResponse response = api.get("/api/v1/hosts", token);

        assertInvalidToken(response, token);
        assertThat(response.json().get("detail").stringValue()).contains("used before");
    }

    @Test
    void aTokenWithoutExpiryIs401() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP), c -> c.expirationTime(null));

        assertInvalidToken(api.get("/api/v1/hosts", token), token);
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP), c -> c.audience("api://another-app"));

        ApiResponse response = api.get("/api/v1/hosts", token);

        assertInvalidToken(response, token);
        assertThat(response.json().get("detail").stringValue()).contains("audience");
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP),
                c -> c.issuer("https://login.microsoftonline.com/another-tenant/v2.0"));

        ApiResponse response = api.get("/api/v1/hosts", token);

        assertInvalidToken(response, token);
        assertThat(response.json().get("detail").stringValue()).contains("issuer");
    }

    @Test
    void aTokenSignedByAnUnknownKeyIs401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(idp.rsaKey().getKeyID()).generate();
        JWTClaimsSet claims = idp.claims("mallory@example.com", List.of(TEAM_A_GROUP), List.of(ADMIN_ROLE)).build();
        String unknownKeyId = TestIdentityProvider.sign(claims, "stranger", JWSAlgorithm.RS256,
                TestIdentityProvider.signer(stranger));
        String knownKeyIdWrongKey = TestIdentityProvider.sign(claims, impostor.getKeyID(), JWSAlgorithm.RS256,
                TestIdentityProvider.signer(impostor));

        assertInvalidToken(api.get("/api/v1/hosts", unknownKeyId), unknownKeyId);
        assertInvalidToken(api.get("/api/v1/hosts", knownKeyIdWrongKey), knownKeyIdWrongKey);
    }

    @Test
    void anUnsignedTokenWithAlgNoneIs401() {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = base64(idp.claims("mallory@example.com", List.of(TEAM_A_GROUP), List.of(ADMIN_ROLE)).build()
                .toString());

        String token = header + "." + claims + ".";

        assertInvalidToken(api.get("/api/v1/hosts", token), token);
        assertInvalidToken(api.get("/api/v1/tokens", token), token);
    }

    @Test
    void anHs256TokenKeyedWithThePublishedPublicKeyIs401() throws Exception {
        byte[] publicKey = idp.rsaKey().toRSAPublicKey().getEncoded();
        JWTClaimsSet claims = idp.claims("mallory@example.com", List.of(TEAM_A_GROUP), List.of(ADMIN_ROLE)).build();

        String token = TestIdentityProvider.sign(claims, idp.rsaKey().getKeyID(), JWSAlgorithm.HS256,
                new MACSigner(publicKey));

        assertInvalidToken(api.get("/api/v1/hosts", token), token);
    }

    @Test
    void aTamperedTokenIs401() {
        String token = idp.token("alice@example.com", List.of("team-b"));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + base64(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("team-b", "team-a")) + "." + parts[2];

        assertInvalidToken(api.get("/api/v1/hosts", tampered), tampered);
    }

    @Test
    void garbageShapedLikeAJwtIs401() {
        for (String garbage : List.of("aaa.bbb.ccc", "e30.e30.e30", "eyJhbGciOiJSUzI1NiJ9.e30.", "a.b.")) {
            assertInvalidToken(api.get("/api/v1/hosts", garbage), garbage);
        }
    }

    @Test
    void noTokenIs401() {
        ApiResponse response = api.get("/api/v1/hosts", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"dockyard\"");
    }

    @Test
    void aRevokedApiTokenIs401WithTheInvalidTokenChallenge() {
        ApiResponse created = api.post("/api/v1/tokens", admin, "{\"team\":\"team-a\"}");
        String secret = created.json().get("token").stringValue();
        api.delete("/api/v1/tokens/" + created.json().get("id").stringValue(), admin);

        assertInvalidToken(api.get("/api/v1/hosts", secret), secret);
    }

    @Test
    void signingKeysAreFetchedOnceAndCached() {
        String token = idp.token("alice@example.com", List.of(TEAM_A_GROUP));
        api.get("/api/v1/hosts", token);
        int before = idp.keyFetches();

        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/hosts", idp.token("alice@example.com", List.of(TEAM_A_GROUP))).status())
                    .isEqualTo(200);
        }

        assertThat(idp.keyFetches()).isEqualTo(before);
    }

    private static JWTClaimsSet.Builder issuedAgo(JWTClaimsSet.Builder claims, Duration ago) {
        Date then = Date.from(Instant.now().minus(ago));
        return claims.issueTime(then).notBeforeTime(then);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalidToken(ApiResponse response, String token) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"dockyard\", error=\"invalid_token\"");
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").intValue()).isEqualTo(401);
        assertThat(body.get("detail").stringValue()).isNotBlank();
        assertThat(response.body()).doesNotContain(token);
        for (String part : token.split("\\.")) {
            if (part.length() > 8) {
                assertThat(response.body()).doesNotContain(part);
            }
        }
    }
}
