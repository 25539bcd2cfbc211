package io.dockyard.simulator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * One tracked resource of the simulated cloud. {@code body} holds what the caller asked for (minus secrets) plus
 * the values the provider assigned; read-only fields that depend on other resources (who uses this NIC, which
 * extensions a VM has) are computed when it is rendered.
 */
final class Resource {

    final ResourcePath path;
    final String id;
    final String key;
    final ResourceKind kind;
    final Resource parent;
    final Instant created;
    final String guid = java.util.UUID.randomUUID().toString();
    String location;
    ObjectNode body = Json.object();
    ObjectNode request = Json.object();
    ObjectNode secrets;
    String state = "Creating";
    String etag = newEtag();
    Operation operation;
    List<String> references = new ArrayList<>();
    /** What {@link Cloud} last indexed for this resource's references, and its children in creation order. */
    List<String> indexed = List.of();
    final List<Resource> children = new ArrayList<>();

    // Provider-assigned facts.
    String address;
    String privateIp;
    String powerState = "starting";
    ObjectNode extensionStatus;
    /** Why the last operation failed, as Azure shows it in a failed VM's instance view. */
    ArmError failure;

    Resource(ResourcePath path, ResourceKind kind, Resource parent, Instant created) {
        this.path = path;
        this.id = path.id();
        this.key = path.key();
        this.kind = kind;
        this.parent = parent;
        this.created = created;
    }

    String name() {
        return path.name();
    }

    void touch() {
        etag = newEtag();
    }

    boolean deleting() {
        return "Deleting".equals(state);
    }

    private static String newEtag() {
        return "W/\"" + java.util.UUID.randomUUID() + "\"";
    }
}
