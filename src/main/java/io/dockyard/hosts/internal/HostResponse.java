package io.dockyard.hosts.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A host on the wire: {@code {id, team, spec, generation, status, createdAt, updatedAt,
 * deletionRequestedAt}}. Spec and status are passed through from their stored JSON.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record HostResponse(UUID id, String team, @JsonRawValue String spec, long generation, @JsonRawValue String status,
        Instant createdAt, Instant updatedAt, Instant deletionRequestedAt) {

    static HostResponse of(HostRow row) {
        return new HostResponse(row.id(), row.team(), row.spec(), row.generation(), row.status(), row.createdAt(),
                row.updatedAt(), row.deletionRequestedAt());
    }
}
