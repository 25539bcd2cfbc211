package io.dockyard.bootstrap.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON documents held as plain Java values (String, Number, Boolean, null, List, Map with String
 * keys). Settings objects copy them deeply and unmodifiably, so a caller cannot change a payload's
 * input after the fact, and anything that would not serialise as JSON is refused with its path.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** A deep, unmodifiable copy of a JSON object, keeping member order. */
    public static Map<String, Object> copyObject(Map<?, ?> object, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (!(key instanceof String name)) {
                throw new IllegalArgumentException(path + " has a member name that is not a string: " + key);
            }
            copy.put(name, copy(value, path + "." + name));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** A deep, unmodifiable copy of any JSON value. */
    public static Object copy(Object value, String path) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean bool -> bool;
            case Integer number -> number;
            case Long number -> number;
            case Short number -> number.intValue();
            case Byte number -> number.intValue();
            case BigInteger number -> number;
            case BigDecimal number -> number;
            case Double number -> finite(number, path);
            case Float number -> finite(number.doubleValue(), path);
            case Map<?, ?> object -> copyObject(object, path);
            case List<?> array -> {
                List<Object> copy = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    copy.add(copy(array.get(i), path + "[" + i + "]"));
                }
                yield Collections.unmodifiableList(copy);
            }
            default -> throw new IllegalArgumentException(path + " is a " + value.getClass().getSimpleName()
                    + ", which is not a JSON value");
        };
    }

    private static Double finite(double number, String path) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw new IllegalArgumentException(path + " is " + number + ", which JSON cannot hold");
        }
        return number;
    }

    /** The same value with every object's members sorted by name, so that equal documents render alike. */
    static Object sorted(Object value) {
        return switch (value) {
            case Map<?, ?> object -> {
                Map<String, Object> sorted = new TreeMap<>();
                object.forEach((key, member) -> sorted.put((String) key, sorted(member)));
                yield sorted;
            }
            case List<?> array -> array.stream().map(JsonValues::sorted).toList();
            case null -> null;
            default -> value;
        };
    }
}
