package io.dockyard.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON request body field by field and collects every problem with its JSON pointer,
 * instead of failing at the first one: a caller fixes all of its mistakes in one round trip.
 * Unknown fields are errors (no mass assignment), and fields the server owns get their own message.
 */
public final class JsonInput {

    private final List<FieldError> errors = new ArrayList<>();

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void reject(String pointer, String message) {
        errors.add(new FieldError(pointer.isEmpty() ? "/" : pointer, message));
    }

    /** Throws a 400 listing every collected error, if there are any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors());
        }
    }

    /** The JSON pointer of {@code field} under {@code parent}, escaped per RFC 6901. */
    public static String pointer(String parent, String field) {
        return parent + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    public static String pointer(String parent, int index) {
        return parent + "/" + index;
    }

    public boolean isObject(JsonNode node, String pointer) {
        if (node == null || !node.isObject()) {
            reject(pointer, "must be a JSON object");
            return false;
        }
        return true;
    }

    /**
     * Rejects every field of {@code object} that is not in {@code allowed}; {@code serverOwned} maps
     * fields a client may not set to the reason.
     */
    public void allowOnly(JsonNode object, String pointer, Set<String> allowed, Map<String, String> serverOwned) {
        for (String name : object.propertyNames()) {
            if (allowed.contains(name)) {
                continue;
            }
            String reason = serverOwned.get(name);
            reject(pointer(pointer, name), reason != null ? reason
                    : "unknown field '" + name + "'; allowed fields: " + String.join(", ", sorted(allowed)));
        }
    }

    private static List<String> sorted(Collection<String> names) {
        return names.stream().sorted().toList();
    }

    /** A string field, or null when absent or JSON null (rejected when required). */
    public String string(JsonNode object, String parent, String field, boolean required) {
        JsonNode value = object.get(field);
        String at = pointer(parent, field);
        if (value == null || value.isNull()) {
            if (required) {
                reject(at, "is required");
            }
            return null;
        }
        if (!value.isString()) {
            reject(at, "must be a string");
            return null;
        }
        return value.stringValue();
    }

    /** An integer field, or null when absent or JSON null. */
    public Integer integer(JsonNode object, String parent, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            reject(pointer(parent, field), "must be an integer");
            return null;
        }
        return value.intValue();
    }

    /** A boolean field, or null when absent or JSON null. */
    public Boolean bool(JsonNode object, String parent, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            reject(pointer(parent, field), "must be true or false");
            return null;
        }
        return value.booleanValue();
    }
}
