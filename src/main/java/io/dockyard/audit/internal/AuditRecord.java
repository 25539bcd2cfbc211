package io.dockyard.audit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A stored audit record as {@code GET /api/v1/audit} shows it. Every member is present; {@code targetTeam} and
 * {@code requestId} are null for work done outside a request (tokens minted at startup).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AuditRecord(long id, Instant at, String principal, List<String> principalTeams, String action,
        String targetType, String targetId, String targetTeam, String requestId, String outcome, JsonNode details) {
}
