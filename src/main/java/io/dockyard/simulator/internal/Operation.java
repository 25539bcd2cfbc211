package io.dockyard.simulator.internal;

import java.time.Instant;

/**
 * A long-running operation as ARM reports it at its Azure-AsyncOperation URL. Its status moves from
 * {@code InProgress} to {@code Succeeded}, {@code Failed} or {@code Canceled} exactly once.
 */
final class Operation {

    final String id;
    final String subscription;
    final String namespace;
    final String location;
    final String apiVersion;
    final String resourceKey;
    final boolean deletion;
    final Instant started;
    /** The resources whose provisioning state this operation decides (a VNet and the subnets of its PUT). */
    final java.util.List<Resource> targets = new java.util.ArrayList<>();
    private volatile String status = "InProgress";
    private volatile Instant ended;
    private volatile ArmError error;

    Operation(String id, String subscription, String namespace, String location, String apiVersion,
              String resourceKey, boolean deletion, Instant started) {
        this.id = id;
        this.subscription = subscription;
        this.namespace = namespace;
        this.location = location;
        this.apiVersion = apiVersion;
        this.resourceKey = resourceKey;
        this.deletion = deletion;
        this.started = started;
    }

    boolean done() {
        return !status.equals("InProgress");
    }

    String status() {
        return status;
    }

    ArmError error() {
        return error;
    }

    synchronized boolean finish(String finalStatus, ArmError failure, Instant at) {
        if (done()) {
            return false;
        }
        this.error = failure;
        this.ended = at;
        this.status = finalStatus;
        return true;
    }

    String statusPath() {
        return "/subscriptions/" + subscription + "/providers/" + namespace + "/locations/" + location + "/operations/" + id;
    }

    String resultPath() {
        if (namespace.equalsIgnoreCase("Microsoft.Resources")) {
            return "/subscriptions/" + subscription + "/operationresults/" + id;
        }
        return "/subscriptions/" + subscription + "/providers/" + namespace + "/locations/" + location
                + "/operationResults/" + id;
    }

    tools.jackson.databind.node.ObjectNode render() {
        var out = Json.object();
        out.put("id", statusPath());
        out.put("name", id);
        out.put("status", status);
        out.put("startTime", started.toString());
        if (ended != null) {
            out.put("endTime", ended.toString());
            out.put("percentComplete", 100);
        }
        if (error != null) {
            out.set("error", error.toJson());
        }
        return out;
    }
}
