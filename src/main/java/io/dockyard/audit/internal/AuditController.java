package io.dockyard.audit.internal;

import io.dockyard.security.CallerPrincipal;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP for {@code GET /api/v1/audit}: query parameters in, {@link AuditTrailReader} call, page out.
 */
@RestController
class AuditController {

    private final AuditTrailReader reader;

    AuditController(AuditTrailReader reader) {
        this.reader = reader;
    }

    @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditPage list(@AuthenticationPrincipal CallerPrincipal caller,
            @RequestParam(required = false) String team, @RequestParam(required = false) String principal,
            @RequestParam(required = false) String action, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return reader.read(new AuditTrailReader.Query(team, principal, action, targetId, from, to, limit, cursor),
                caller);
    }
}
