package io.dockyard.web;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorShapesTest extends ApiTestSupport {

    @Test
    void malformedJsonIs400Problem() {
        ApiResponse response = api.post("/api/v1/hosts", teamA, "{\"name\": ");

        assertProblem(response, 400);
        assertThat(response.json().get("detail").stringValue()).contains("not valid JSON");
    }

    @Test
    void duplicateMembersAreMalformedJson() {
        ApiResponse response = api.post("/api/v1/hosts", teamA, "{\"name\":\"a-host\",\"name\":\"b-host\"}");

        assertProblem(response, 400);
        assertThat(response.json().get("detail").stringValue()).contains("Duplicate");
        assertThat(count("hosts")).isZero();
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        assertProblem(api.send("POST", "/api/v1/hosts", teamA, "name=x", "text/plain", java.util.Map.of()), 415);
    }

    @Test
    void bodyOverLimitIs413ProblemAndStoresNothing() {
        String big = "{\"name\":\"" + "x".repeat(300 * 1024) + "\"}";

        assertProblem(api.post("/api/v1/hosts", teamA, big), 413);
        assertThat(count("hosts")).isZero();
    }

    @Test
    void chunkedBodyOverLimitIs413Problem() {
        byte[] big = ("{\"name\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/v1/hosts"))
                .header("Authorization", "Bearer " + teamA)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();

        assertProblem(api.exchange("POST", "/api/v1/hosts", request), 413);
    }

    @Test
    void unknownPathIs404Problem() {
        assertProblem(api.get("/api/v1/nothing-here", teamA), 404);
        assertProblem(api.get("/nothing-here", null), 404);
    }

    @Test
    void wrongMethodIs405Problem() {
        ApiResponse response = api.send("PUT", "/api/v1/hosts", teamA, "{}", "application/json", java.util.Map.of());

        assertProblem(response, 405);
        assertThat(response.header("Allow")).contains("GET", "POST");
    }

    @Test
    void problemsCarryRequestIdAndInstance() {
        ApiResponse response = api.send("GET", "/api/v1/hosts?limit=0", teamA, null, null,
                java.util.Map.of("X-Request-Id", "trace-me-12345"));

        assertThat(response.header("X-Request-Id")).isEqualTo("trace-me-12345");
        assertThat(response.json().get("requestId").stringValue()).isEqualTo("trace-me-12345");
        assertThat(response.json().get("instance").stringValue()).isEqualTo("/api/v1/hosts");
    }

    private static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").intValue()).isEqualTo(status);
        assertThat(response.json().get("title").stringValue()).isNotBlank();
        assertThat(response.json().get("detail").stringValue()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.dockyard");
    }
}
