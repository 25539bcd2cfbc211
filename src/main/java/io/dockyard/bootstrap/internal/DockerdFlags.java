package io.dockyard.bootstrap.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A daemonConfig spelled as dockerd command-line flags, for the legacy DockerExtension, whose only
 * knob is {@code docker.options}: flags it appends to dockerd's command line in the systemd unit.
 *
 * <p>daemon.json and the flags mostly share names: a scalar {@code "key": v} is {@code --key=v}.
 * Lists and maps become repeated flags whose names are not always the key's, so those are listed
 * here. Settings with no flag form (nested objects such as {@code builder}, {@code features}, runtimes
 * with arguments) and values a unit file's command line would split or expand are refused, all
 * of them in one message, rather than dropped: a host would otherwise run without a setting its
 * owner asked for.
 */
final class DockerdFlags {

    /** Keys the extension sets from its own port and certificates. */
    static final Set<String> OWNED_KEYS = Set.of("tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "hosts");

    /** JSON arrays of strings: one flag per element, under the flag's (singular) name. */
    private static final Map<String, String> REPEATED = Map.ofEntries(
            Map.entry("labels", "label"),
            Map.entry("storage-opts", "storage-opt"),
            Map.entry("dns", "dns"),
            Map.entry("dns-opts", "dns-opt"),
            Map.entry("dns-search", "dns-search"),
            Map.entry("exec-opts", "exec-opt"),
            Map.entry("insecure-registries", "insecure-registry"),
            Map.entry("registry-mirrors", "registry-mirror"),
            Map.entry("authorization-plugins", "authorization-plugin"),
            Map.entry("allow-nondistributable-artifacts", "allow-nondistributable-artifacts"),
            Map.entry("node-generic-resources", "node-generic-resource"));

    /** JSON objects of scalars: one {@code --flag=key=value} per member. */
    private static final Map<String, String> KEY_VALUE = Map.of(
            "log-opts", "log-opt",
            "cluster-store-opts", "cluster-store-opt");

    /** What a unit file's ExecStart would split on, unquote, or expand ($VAR, %specifier). */
    private static final Pattern UNSAFE = Pattern.compile("[\\s\"'\\\\$%;`]|\\p{Cntrl}");

    private DockerdFlags() {
    }

    /**
     * @throws IllegalArgumentException naming every setting that has no flag form
     */
    static List<String> of(Map<String, Object> daemonConfig) {
        List<String> flags = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new TreeMap<>(daemonConfig).forEach((key, value) -> {
            if (!OWNED_KEYS.contains(key)) {
                translate(key, value, flags, problems);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the DockerExtension takes dockerd flags only, and these daemonConfig settings "
                    + "have none: " + String.join("; ", problems) + " (use dockyard.bootstrap.mode=custom-script)");
        }
        return List.copyOf(flags);
    }

    private static void translate(String key, Object value, List<String> flags, List<String> problems) {
        if (REPEATED.containsKey(key)) {
            if (!(value instanceof List<?> items) || !items.stream().allMatch(DockerdFlags::isScalar)) {
                problems.add(key + " must be a list of strings");
                return;
            }
            items.forEach(item -> add(flags, problems, key, REPEATED.get(key), scalar(item)));
        } else if (KEY_VALUE.containsKey(key)) {
            if (!(value instanceof Map<?, ?> members) || !members.values().stream().allMatch(DockerdFlags::isScalar)) {
                problems.add(key + " must be an object of strings");
                return;
            }
            new TreeMap<>(members).forEach((name, member) ->
                    add(flags, problems, key, KEY_VALUE.get(key), name + "=" + scalar(member)));
        } else if (key.equals("default-ulimits")) {
            ulimits(value, flags, problems);
        } else if (key.equals("default-address-pools")) {
            addressPools(value, flags, problems);
        } else if (key.equals("runtimes")) {
            runtimes(value, flags, problems);
        } else if (isScalar(value)) {
            add(flags, problems, key, key, scalar(value));
        } else {
            problems.add(key + " (" + (value == null ? "null" : value instanceof List ? "a list" : "an object")
                    + ") has no dockerd flag");
        }
    }

    /** {@code {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}} is {@code --default-ulimit=nofile=1024:2048}. */
    private static void ulimits(Object value, List<String> flags, List<String> problems) {
        if (!(value instanceof Map<?, ?> limits)) {
            problems.add("default-ulimits must be an object");
            return;
        }
        new TreeMap<>(limits).forEach((name, limit) -> {
            if (limit instanceof Map<?, ?> fields && isScalar(fields.get("Soft")) && isScalar(fields.get("Hard"))) {
                add(flags, problems, "default-ulimits", "default-ulimit",
                        name + "=" + scalar(fields.get("Soft")) + ":" + scalar(fields.get("Hard")));
            } else {
                problems.add("default-ulimits." + name + " needs Soft and Hard");
            }
        });
    }

    /** {@code [{"base": "10.10.0.0/16", "size": 24}]} is {@code --default-address-pool=base=10.10.0.0/16,size=24}. */
    private static void addressPools(Object value, List<String> flags, List<String> problems) {
        if (!(value instanceof List<?> pools)) {
            problems.add("default-address-pools must be a list");
            return;
        }
        for (Object pool : pools) {
            if (pool instanceof Map<?, ?> fields && fields.keySet().equals(Set.of("base", "size"))
                    && isScalar(fields.get("base")) && isScalar(fields.get("size"))) {
                add(flags, problems, "default-address-pools", "default-address-pool",
                        "base=" + scalar(fields.get("base")) + ",size=" + scalar(fields.get("size")));
            } else {
                problems.add("default-address-pools entries must be {\"base\", \"size\"}");
            }
        }
    }

    /** {@code {"crun": {"path": "/usr/bin/crun"}}} is {@code --add-runtime=crun=/usr/bin/crun}; runtime arguments have no flag. */
    private static void runtimes(Object value, List<String> flags, List<String> problems) {
        if (!(value instanceof Map<?, ?> runtimes)) {
            problems.add("runtimes must be an object");
            return;
        }
        new TreeMap<>(runtimes).forEach((name, runtime) -> {
            if (runtime instanceof Map<?, ?> fields && fields.keySet().equals(Set.of("path")) && fields.get("path") instanceof String path) {
                add(flags, problems, "runtimes", "add-runtime", name + "=" + path);
            } else {
                problems.add("runtimes." + name + " has settings besides \"path\", which --add-runtime cannot carry");
            }
        });
    }

    private static void add(List<String> flags, List<String> problems, String key, String flag, String value) {
        if (UNSAFE.matcher(value).find()) {
            problems.add(key + " value \"" + value + "\" holds whitespace, a quote, a backslash or one of $ % ; `, "
                    + "which the extension's unit-file command line would mangle");
            return;
        }
        flags.add("--" + flag + "=" + value);
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static String scalar(Object value) {
        return switch (value) {
            case BigDecimal decimal -> decimal.stripTrailingZeros().toPlainString();
            case Double number when number == Math.rint(number) && Math.abs(number) < 1e15 -> Long.toString(number.longValue());
            default -> value.toString();
        };
    }
}
