package io.dockyard.simulator.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import io.dockyard.simulator.SimulatorProperties.Timing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one resource type of the simulated cloud knows: its name rules, how it checks and stores a PUT body, which
 * other resources it references, what it computes when rendered and what stands in the way of deleting it.
 * {@link Cloud} owns the life cycle; a kind only answers questions about its own type.
 */
abstract class ResourceKind {

    private static final Pattern NETWORK_NAME = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$");

    private volatile String typeKey;

    abstract String type();

    /** Child kinds (subnets, extensions) name the parent kind's type. */
    String parentType() {
        return null;
    }

    String namespace() {
        return type().substring(0, type().indexOf('/'));
    }

    /** The type in lower case, the key of lookups; computed once, as it is asked for on every request. */
    final String typeKey() {
        String key = typeKey;
        if (key == null) {
            key = type().toLowerCase(Locale.ROOT);
            typeKey = key;
        }
        return key;
    }

    boolean tracked() {
        return true;
    }

    Duration delay(Timing timing) {
        return timing.networkProvisioning();
    }

    int maxNameLength() {
        return 80;
    }

    int minNameLength() {
        return 1;
    }

    void checkName(String name) {
        if (name.length() < minNameLength() || name.length() > maxNameLength() || !NETWORK_NAME.matcher(name).matches()) {
            throw new ArmException(400, "InvalidResourceName", "Resource name " + name + " is invalid. The name can be up to "
                    + maxNameLength() + " characters long. It must begin with a word character, and it must end with a "
                    + "word character or with '_'. The name may contain word characters or '.', '-', '_'.");
        }
    }

    /** Checks the request and stores it on the resource; creating is false for an update of an existing one. */
    abstract void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating);

    /** Adds the fields that depend on other resources or on state to a rendered copy. */
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
    }

    /** Refuses a plain (non-cascading) delete while something still uses the resource. */
    void checkDelete(Cloud cloud, Resource resource) {
    }

    /** The writable part of a request, with the read-only envelope dropped, as ARM ignores it. */
    static ObjectNode writable(JsonNode request) {
        ObjectNode copy = (ObjectNode) request.deepCopy();
        copy.remove("id");
        copy.remove("name");
        copy.remove("type");
        copy.remove("etag");
        if (copy.get("properties") instanceof ObjectNode properties) {
            properties.remove("provisioningState");
        } else {
            copy.putObject("properties");
        }
        return copy;
    }

    static ObjectNode properties(ObjectNode body) {
        return Json.objectAt(body, "properties");
    }

    static String idOf(JsonNode reference) {
        return reference == null ? null : Json.text(reference, "id");
    }
}
