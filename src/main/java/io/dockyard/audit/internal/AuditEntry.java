package io.dockyard.audit.internal;

import java.util.List;
import java.util.Map;

/**
 * One record about to be written. {@code details} hold non-secret facts only (names, serials, lifetimes); the
 * database supplies the id and the time.
 */
record AuditEntry(String principal, List<String> principalTeams, AuditAction action, String targetId,
        String targetTeam, String requestId, Map<String, Object> details) {

    AuditEntry {
        principalTeams = List.copyOf(principalTeams);
        details = Map.copyOf(details);
    }
}
