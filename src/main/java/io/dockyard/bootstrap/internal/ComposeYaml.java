package io.dockyard.bootstrap.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A Compose file as the JSON object the legacy DockerExtension's {@code compose} setting takes.
 * Parsed with SnakeYAML's safe constructor (no Java types, duplicate keys refused, aliases capped);
 * YAML values JSON has no form for (timestamps, binary, sets) are refused with their path.
 */
final class ComposeYaml {

    private ComposeYaml() {
    }

    static Map<String, Object> toJson(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("compose is not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("compose must be a YAML mapping (services: ...)");
        }
        return JsonValues.copyObject((Map<?, ?>) plain(object, "compose"), "compose");
    }

    /** YAML's values as JSON's: keys become strings, anything without a JSON form is refused. */
    private static Object plain(Object value, String path) {
        return switch (value) {
            case Map<?, ?> object -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                object.forEach((key, member) -> {
                    String name = String.valueOf(key);
                    copy.put(name, plain(member, path + "." + name));
                });
                yield copy;
            }
            case List<?> array -> {
                List<Object> copy = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    copy.add(plain(array.get(i), path + "[" + i + "]"));
                }
                yield copy;
            }
            case null -> null;
            case String text -> text;
            case Number number -> number;
            case Boolean bool -> bool;
            default -> throw new IllegalArgumentException(path + " is a YAML " + value.getClass().getSimpleName()
                    + ", which has no JSON form; quote it to make it a string");
        };
    }
}
