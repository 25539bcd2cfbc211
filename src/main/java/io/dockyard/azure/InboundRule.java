package io.dockyard.azure;

import java.util.List;

/** One inbound Allow rule of a host's NSG: a TCP port opened to a set of source ranges. */
public record InboundRule(String name, int priority, int port, List<String> sourceRanges) {

    public InboundRule {
        sourceRanges = List.copyOf(sourceRanges);
    }
}
