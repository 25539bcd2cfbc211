package io.dockyard.azure;

import java.util.List;

/** A host's network security group with exactly these inbound rules (the Docker port, optionally SSH). */
public record SecurityGroupSpec(String resourceGroup, String name, String location, Ownership owner,
                                List<InboundRule> rules) {

    public SecurityGroupSpec {
        rules = List.copyOf(rules);
    }
}
