package io.dockyard.simulator.internal.engine;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Null-safe reads of extension payloads, which arrive as whatever JSON the client sent: a field may
 * be missing, null, or of the wrong type, and each of those simply means "not given".
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static JsonNode node(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    /** The string at {@code field}, or null if absent, null or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node(node).path(field);
        return value.isString() ? value.stringValue() : null;
    }

    /** The string or number at {@code field} as text, or null. */
    static String scalar(JsonNode node, String field) {
        JsonNode value = node(node).path(field);
        if (value.isString()) {
            return value.stringValue();
        }
        return value.isNumber() ? value.asString() : null;
    }
}
