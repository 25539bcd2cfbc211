package io.dockyard.simulator.internal;

import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The simulator's own JSON plumbing, kept apart from the service's mapper on purpose: the cloud shares nothing. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static JsonNode parse(byte[] body) {
        return MAPPER.readTree(body);
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            if (current == null) {
                return null;
            }
            current = current.get(step);
        }
        return current == null || current.isNull() ? null : current.isString() ? current.stringValue() : current.toString();
    }

    static ObjectNode objectAt(ObjectNode node, String name) {
        JsonNode child = node.get(name);
        if (child instanceof ObjectNode object) {
            return object;
        }
        return node.putObject(name);
    }

    /** RFC 7396 merge patch, as ARM applies PATCH bodies. */
    static void mergePatch(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                target.remove(entry.getKey());
            } else if (value.isObject() && target.get(entry.getKey()) instanceof ObjectNode existing) {
                mergePatch(existing, value);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        }
    }

    /** Case-insensitive property lookup: ARM treats JSON property names without regard to case. */
    static JsonNode getIgnoreCase(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                return node.get(key);
            }
        }
        return null;
    }
}
