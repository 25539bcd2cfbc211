package io.dockyard.audit.internal;

import io.dockyard.security.CallerPrincipal;
import io.dockyard.web.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Reading the trail: admins only, every parameter checked before the query runs, keyset pages newest first (an
 * audit is read from "what just happened" backwards).
 */
@Service
class AuditTrailReader {

    /** Filter values are compared exactly; anything longer than this cannot match and is a typo or an attack. */
    private static final int MAX_FILTER_LENGTH = 200;

    private final AuditRepository records;
    private final AuditProperties properties;

    AuditTrailReader(AuditRepository records, AuditProperties properties) {
        this.records = records;
        this.properties = properties;
    }

    /** The raw query parameters, as the controller received them. */
    record Query(String team, String principal, String action, String targetId, String from, String to, Integer limit,
            String cursor) {
    }

    AuditPage read(Query query, CallerPrincipal caller) {
        if (!caller.isAdmin()) {
            // The same answer as the other admin endpoints (tokens): the caller is known, the role is missing.
            throw ApiProblem.forbidden("This operation needs the admin role.");
        }
        if (query.action() != null && AuditAction.fromWire(query.action()).isEmpty()) {
            throw ApiProblem.invalidParameter("action", "must be one of " + String.join(", ", AuditAction.wireNames()));
        }
        Instant from = instant("from", query.from());
        Instant to = instant("to", query.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.invalidParameter("to", "must be later than 'from'");
        }
        int size = query.limit() == null ? properties.defaultPageSize() : query.limit();
        if (size < 1 || size > properties.maxPageSize()) {
            throw ApiProblem.invalidParameter("limit", "must be between 1 and " + properties.maxPageSize());
        }
        Long before = blank(query.cursor()) ? null : AuditCursor.parse(query.cursor());
        AuditFilter filter = new AuditFilter(text("team", query.team()), text("principal", query.principal()),
                query.action(), text("targetId", query.targetId()), from, to);
        List<AuditRecord> rows = records.page(filter, before, size + 1);
        if (rows.size() > size) {
            List<AuditRecord> page = rows.subList(0, size);
            return new AuditPage(page, AuditCursor.of(page.getLast().id()));
        }
        return new AuditPage(rows, null);
    }

    private static String text(String name, String value) {
        if (blank(value)) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw ApiProblem.invalidParameter(name, "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidParameter(name, "must be an ISO-8601 UTC time such as 2026-11-20T09:00:00Z");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isEmpty();
    }
}
