package io.dockyard.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTPS calls to the simulator, for the tests that look at exact statuses, headers and bodies. */
public final class ArmHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final URI armUrl;
    private final String subscription;
    private final HttpClient client;

    public ArmHttp(ArmSimulator simulator) {
        this(simulator.armUrl(), simulator.subscriptionId(), simulator.caCertificate());
    }

    /** A client for a simulator known only by its URL, subscription and CA file (e.g. one in another process). */
    public ArmHttp(URI armUrl, String subscription, java.nio.file.Path caFile) {
        this.armUrl = armUrl;
        this.subscription = subscription;
        this.client = HttpClient.newBuilder().sslContext(SdkClients.trusting(caFile)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One answer: status, headers and the parsed JSON body (a missing node when there is none). */
    public record Answer(int status, java.net.http.HttpHeaders headers, JsonNode json, String text) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String errorCode() {
            return json.path("error").path("code").asString();
        }
    }

    public String sub() {
        return "/subscriptions/" + subscription;
    }

    public String group(String name) {
        return sub() + "/resourceGroups/" + name;
    }

    public Answer get(String path) {
        return send("GET", path, null, true);
    }

    public Answer put(String path, String body) {
        return send("PUT", path, body, true);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, true);
    }

    public Answer post(String path, String body) {
        return send("POST", path, body, true);
    }

    public Answer send(String method, String path, String body, boolean authenticated) {
        String target = path.startsWith("https://") ? path : armUrl.toString().replaceAll("/$", "") + path;
        if (!target.contains("api-version=") && !path.startsWith("/_simulator")) {
            target += (target.contains("?") ? "&" : "?") + "api-version=" + apiVersion(path);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authenticated) {
            request.header("Authorization", "Bearer test-token");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers(), json, response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + target + " failed", e);
        }
    }

    static String apiVersion(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("microsoft.compute")) {
            return "2025-04-01";
        }
        if (lower.contains("microsoft.network")) {
            return "2024-10-01";
        }
        if (lower.matches("^/subscriptions(/[^/]+(/locations)?)?/?$")) {
            return "2022-12-01";
        }
        return "2025-04-01";
    }
}
