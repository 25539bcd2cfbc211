package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostStatus;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link HostStatus} to and from the JSON stored in {@code hosts.status}, which the API returns as is. Reading
 * is lenient: members it does not know are ignored, and a document without a phase (the column's default
 * {@code {}}) reads as a new host's status.
 */
final class StatusJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StatusJson() {
    }

    static String write(HostStatus status) {
        return JSON.writeValueAsString(status);
    }

    static HostStatus read(String text) {
        JsonNode node = JSON.readTree(text == null || text.isBlank() ? "{}" : text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("a stored status must be a JSON object");
        }
        ObjectNode status = (ObjectNode) node;
        if (!status.hasNonNull("phase")) {
            status.put("phase", HostPhase.Pending.name());
        }
        return JSON.treeToValue(status, HostStatus.class);
    }
}
