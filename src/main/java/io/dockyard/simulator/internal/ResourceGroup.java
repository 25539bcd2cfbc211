package io.dockyard.simulator.internal;

import tools.jackson.databind.node.ObjectNode;

/** A resource group of the simulated subscription; deleting one takes everything in it along. */
final class ResourceGroup {

    final String subscription;
    final String name;
    final String location;
    ObjectNode tags;
    String managedBy;
    String state = "Succeeded";

    ResourceGroup(String subscription, String name, String location) {
        this.subscription = subscription;
        this.name = name;
        this.location = location;
    }

    String id() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + name;
    }

    String key() {
        return ResourcePath.groupKey(subscription, name);
    }

    ObjectNode render() {
        ObjectNode out = Json.object();
        out.put("id", id());
        out.put("name", name);
        out.put("type", "Microsoft.Resources/resourceGroups");
        out.put("location", location);
        if (managedBy != null) {
            out.put("managedBy", managedBy);
        }
        out.set("tags", tags == null ? Json.object() : tags.deepCopy());
        out.putObject("properties").put("provisioningState", state);
        return out;
    }
}
