package io.dockyard.audit.internal;

import java.time.Instant;

/**
 * What a reader asked for; null means "any". {@code team} matches the target's team or one of the principal's
 * teams, so that an admin sees both what was done to a team's things and what its members did.
 */
record AuditFilter(String team, String principal, String action, String targetId, Instant from, Instant to) {
}
