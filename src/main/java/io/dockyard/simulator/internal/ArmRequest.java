package io.dockyard.simulator.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * One HTTP request as the ARM front door sees it: method, decoded path segments, query and body. Query keys are
 * matched without regard to case, as ARM does.
 */
record ArmRequest(String method, String path, List<String> segments, Map<String, String> query,
                  Map<String, List<String>> headers, byte[] body) {

    static ArmRequest of(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        List<String> segments = java.util.Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toList();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key.toLowerCase(java.util.Locale.ROOT), value);
            }
        }
        return new ArmRequest(method.toUpperCase(java.util.Locale.ROOT), rawPath, segments, query, headers, body);
    }

    String query(String name) {
        return query.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    String apiVersion() {
        return query("api-version");
    }

    String header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    JsonNode json() {
        if (body == null || body.length == 0) {
            throw new ArmException(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: "
                    + "the body is empty.");
        }
        try {
            JsonNode node = Json.parse(body);
            if (!node.isObject()) {
                throw new ArmException(400, "InvalidRequestContent",
                        "The request content was invalid and could not be deserialized: expected a JSON object.");
            }
            return node;
        } catch (tools.jackson.core.JacksonException e) {
            throw new ArmException(400, "InvalidRequestContent",
                    "The request content was invalid and could not be deserialized: " + e.getOriginalMessage());
        }
    }

    boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
