package io.dockyard.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** What the front door writes back: status, extra headers (LRO URLs, Retry-After) and an optional JSON body. */
record ArmResponse(int status, Map<String, String> headers, JsonNode body) {

    static ArmResponse of(int status, JsonNode body) {
        return new ArmResponse(status, new LinkedHashMap<>(), body);
    }

    static ArmResponse empty(int status) {
        return new ArmResponse(status, new LinkedHashMap<>(), null);
    }

    ArmResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
