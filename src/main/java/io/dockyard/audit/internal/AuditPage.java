package io.dockyard.audit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page on the wire, shaped like every other list of this API: {@code nextCursor} is always present and null on
 * the last page.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AuditPage(List<AuditRecord> items, String nextCursor) {
}
