package io.dockyard.security;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationTest extends ApiTestSupport {

    @Test
    void missingTokenIs401WithBearerChallenge() {
        assertUnauthorized(api.get("/api/v1/hosts", null));
    }

    @Test
    void wrongSchemeIs401() {
        assertUnauthorized(api.send("GET", "/api/v1/hosts", null, null, null,
                Map.of("Authorization", "Basic dXNlcjpwYXNz")));
    }

    @Test
    void unknownTokenIs401() {
        assertUnauthorized(api.get("/api/v1/hosts", "dy_this-token-was-never-issued-by-dockyard-000"));
        assertUnauthorized(api.get("/api/v1/hosts", "garbage"));
    }

    @Test
    void expiredTokenIs401() {
        String secret = tokens.issue(new NewApiToken("team-a", Role.USER, "expired at birth",
                Instant.now().plus(1, ChronoUnit.HOURS)), "test").secret();
        jdbc.sql("update api_tokens set expires_at = now() - interval '1 second' where description = 'expired at birth'")
                .update();

        assertUnauthorized(api.get("/api/v1/hosts", secret));
    }

    @Test
    void adminMintsListsAndRevokesTokens() {
        ApiResponse created = api.post("/api/v1/tokens", admin,
                "{\"team\":\"team-c\",\"role\":\"user\",\"description\":\"ci pipeline\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("token").stringValue();
        String id = created.json().get("id").stringValue();
        assertThat(secret).startsWith("dy_");
        assertThat(created.header("Location")).isEqualTo("/api/v1/tokens/" + id);
        assertThat(api.get("/api/v1/hosts", secret).status()).isEqualTo(200);

        ApiResponse list = api.get("/api/v1/tokens", admin);
        assertThat(list.body()).doesNotContain(secret);
        assertThat(list.json().get("items")).anySatisfy(t -> assertThat(t.get("id").stringValue()).isEqualTo(id));

        assertThat(api.delete("/api/v1/tokens/" + id, admin).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/tokens/" + id, admin).status()).isEqualTo(204);
        assertUnauthorized(api.get("/api/v1/hosts", secret));
        assertThat(api.delete("/api/v1/tokens/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
    }

    @Test
    void tokenCreationIsValidated() {
        ApiResponse response = api.post("/api/v1/tokens", admin,
                "{\"team\":\"Team C\",\"role\":\"root\",\"expiresAt\":\"yesterday\",\"id\":\"x\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(e -> e.get("pointer").stringValue())
                .containsExactlyInAnyOrder("/team", "/role", "/expiresAt", "/id");
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        ApiResponse created = api.post("/api/v1/tokens", admin, "{\"team\":\"team-d\"}");
        String secret = created.json().get("token").stringValue();

        String row = jdbc.sql("select t::text from api_tokens t where id = :id")
                .param("id", UUID.fromString(created.json().get("id").stringValue())).query(String.class).single();

        assertThat(row).doesNotContain(secret);
        assertThat(row).doesNotContain(secret.substring(10));
    }

    @Test
    void bootstrapTokenIsStoredOnceAsAnAdminToken() {
        String chosen = "dy_operator-chosen-bootstrap-token-0123456789abcdef";

        boolean first = tokens.importIfAbsent(chosen, new NewApiToken("platform", Role.ADMIN, "bootstrap", null), "bootstrap");
        boolean second = tokens.importIfAbsent(chosen, new NewApiToken("platform", Role.ADMIN, "bootstrap", null), "bootstrap");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(api.get("/api/v1/tokens", chosen).status()).isEqualTo(200);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(200);
        ApiResponse contract = api.get("/openapi.yaml", null);
        assertThat(contract.status()).isEqualTo(200);
        assertThat(contract.body()).contains("/api/v1/hosts");
    }

    private static void assertUnauthorized(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").intValue()).isEqualTo(401);
        assertThat(body.get("detail").stringValue()).isNotBlank();
    }
}
