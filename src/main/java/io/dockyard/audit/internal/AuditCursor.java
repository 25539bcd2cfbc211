package io.dockyard.audit.internal;

import io.dockyard.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors for the audit list: the id of the last record seen, so that a page costs the same at any depth
 * and records written while paging neither shift nor repeat the pages that follow.
 */
final class AuditCursor {

    private static final String PREFIX = "a1:";

    private AuditCursor() {
    }

    static String of(long id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + id).getBytes(StandardCharsets.UTF_8));
    }

    static long parse(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the same answer as a cursor of the wrong kind.
        }
        throw ApiProblem.invalidParameter("cursor", "is not a cursor this API handed out; start again without it");
    }
}
