package io.dockyard.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer carries the security headers, whether it is a success, a refusal or an error; cross-origin calls
 * are allowed for the configured portal origin only, and never with a wildcard.
 */
@TestPropertySource(properties = "dockyard.security.cors.allowed-origins=https://portal.example.com")
class SecurityHeadersAndCorsTest extends ApiTestSupport {

    private static final String PORTAL = "https://portal.example.com";

    private static void assertSecurityHeaders(ApiResponse response) {
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void successesRefusalsAndErrorsAllCarryTheSecurityHeaders() {
        assertSecurityHeaders(api.get("/api/v1/hosts", teamA));
        assertSecurityHeaders(api.get("/api/v1/hosts", null));
        assertSecurityHeaders(api.get("/api/v1/hosts/00000000-0000-7000-8000-000000000000", teamA));
        assertSecurityHeaders(api.post("/api/v1/hosts", teamA, "{not json"));
        assertSecurityHeaders(api.get("/actuator/health", null));
    }

    @Test
    void thePortalsOriginMayCallTheApiFromItsPages() {
        ApiResponse preflight = api.send("OPTIONS", "/api/v1/hosts", null, null, null,
                Map.of("Origin", PORTAL, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type,idempotency-key"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

        ApiResponse list = api.send("GET", "/api/v1/hosts", teamA, null, null, Map.of("Origin", PORTAL));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
        assertThat(list.header("Access-Control-Expose-Headers")).contains("ETag").contains("X-Request-Id");
    }

    @Test
    void anyOtherOriginIsRefused() throws Exception {
        HttpResponse<String> preflight = raw("OPTIONS", "https://evil.example.net", null,
                "Access-Control-Request-Method", "DELETE");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> list = raw("GET", "https://evil.example.net", teamA);
        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(list.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(list.body()).doesNotContain("\"items\"");
    }

    /** Outside the contract client: a browser's refused cross-origin call is CORS's plain 403, not the API's. */
    private HttpResponse<String> raw(String method, String origin, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/hosts"))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Origin", origin);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
