package io.dockyard.simulator.internal;

import io.dockyard.simulator.Fault;

/**
 * Where a request goes: its subscription and resource type (what throttling and fault rules match on) and the
 * handler that answers it. {@code operationFault} is a fault rule that lets the request through but fails its
 * long-running operation.
 */
record Route(String subscription, String resourceType, Handler handler) {

    /** Answers one routed request. */
    @FunctionalInterface
    interface Handler {
        ArmResponse handle(ArmRequest request, Fault operationFault);
    }
}
