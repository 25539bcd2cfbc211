package io.dockyard.bootstrap.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exact JSON text per document: object members sorted by name, no whitespace. Used for the
 * payload's fingerprint, which must not change when only the order of map entries does.
 */
final class CanonicalJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CanonicalJson() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case Map<?, ?> object -> {
                Map<String, Object> members = new TreeMap<>();
                object.forEach((key, member) -> members.put((String) key, member));
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> member : members.entrySet()) {
                    out.append(first ? "" : ",").append(JSON.writeValueAsString(member.getKey())).append(':');
                    write(member.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            case List<?> array -> {
                out.append('[');
                for (int i = 0; i < array.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(array.get(i), out);
                }
                out.append(']');
            }
            case null -> out.append("null");
            default -> out.append(JSON.writeValueAsString(value));
        }
    }
}
