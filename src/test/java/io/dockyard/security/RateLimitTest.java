package io.dockyard.security;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-principal rate limits: a principal over its writes or its new credentials gets 429 with Retry-After and a
 * problem document, nothing happens, reads go on, and another principal is not affected.
 */
@TestPropertySource(properties = {
        "dockyard.security.rate-limits.writes-per-minute=5",
        "dockyard.security.rate-limits.credentials-per-hour=2"
})
class RateLimitTest extends ApiTestSupport {

    @Test
    void writesBeyondTheLimitAreRefusedWithRetryAfterAndDoNothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/hosts", teamA, spec("burst-" + i).toString()).status()).isEqualTo(201);
        }

        ApiResponse refused = api.post("/api/v1/hosts", teamA, spec("burst-5").toString());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asString()).endsWith("/rate-limited");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 12L);
        assertThat(refused.json().path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(api.get("/api/v1/hosts?limit=200", teamA).json().path("items").size())
                .as("the refused create stored nothing; reads are not limited").isEqualTo(5);
        assertThat(api.post("/api/v1/hosts", teamB, spec("other-0").toString()).status())
                .as("another principal has its own budget").isEqualTo(201);
    }

    @Test
    void newCredentialsHaveTheirOwnSmallerLimit() {
        String id = api.post("/api/v1/hosts", teamA, spec("certs").toString()).json().path("id").asString();
        String path = "/api/v1/hosts/" + id + "/client-certificates";
        assertThat(api.post(path, teamA, "{}").status()).isEqualTo(201);
        assertThat(api.post(path, teamA, "{}").status()).isEqualTo(201);

        ApiResponse refused = api.post(path, teamA, "{}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("detail").asString()).contains("new credentials").contains("at most 2 an hour");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThan(60);
        assertThat(refused.body()).doesNotContain("BEGIN");
    }
}
