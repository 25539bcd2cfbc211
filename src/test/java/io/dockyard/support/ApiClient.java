package io.dockyard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for tests that talks to the running service over real HTTP and checks every
 * response against openapi.yaml. It also keeps every body it received, so that tests can search
 * them for secrets.
 */
public final class ApiClient {

    private static final List<String> RECEIVED = Collections.synchronizedList(new ArrayList<>());

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public static List<String> receivedBodies() {
        synchronized (RECEIVED) {
            return List.copyOf(RECEIVED);
        }
    }

    public ApiResponse get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public ApiResponse post(String path, String token, String json) {
        return send("POST", path, token, json, "application/json", Map.of());
    }

    public ApiResponse post(String path, String token, String json, Map<String, String> headers) {
        return send("POST", path, token, json, "application/json", headers);
    }

    public ApiResponse patch(String path, String token, String json, Map<String, String> headers) {
        return send("PATCH", path, token, json, "application/merge-patch+json", headers);
    }

    public ApiResponse delete(String path, String token) {
        return send("DELETE", path, token, null, null, Map.of());
    }

    public ApiResponse delete(String path, String token, Map<String, String> headers) {
        return send("DELETE", path, token, null, null, headers);
    }

    public ApiResponse send(String method, String path, String token, String body, String contentType,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return exchange(method, path, request.build());
    }

    /** Sends a prepared request (for unusual bodies) and validates the answer like any other. */
    public ApiResponse exchange(String method, String path, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            ApiResponse result = new ApiResponse(response.statusCode(), response.headers(), response.body());
            RECEIVED.add(result.body());
            int query = path.indexOf('?');
            ContractValidator.check(method, query < 0 ? path : path.substring(0, query), result);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }
}
