package io.dockyard.simulator.internal;

/** The code, message and target of an ARM error, as stored on a failed operation or resource. */
record ArmError(String code, String message, String target) {

    tools.jackson.databind.node.ObjectNode toJson() {
        var error = Json.object();
        error.put("code", code);
        error.put("message", message);
        if (target != null) {
            error.put("target", target);
        }
        return error;
    }
}
