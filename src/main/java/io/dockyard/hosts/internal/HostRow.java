package io.dockyard.hosts.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the hosts table as the API needs it; spec and status are kept as their JSON text so
 * that reads do not parse what they only pass through.
 */
record HostRow(UUID id, String team, String name, String location, String spec, long generation, long version,
        String phase, String status, Instant createdAt, Instant updatedAt, Instant deletionRequestedAt) {

    String etag() {
        return "\"" + version + "\"";
    }
}
