package io.dockyard.hosts.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page on the wire: {@code {items, nextCursor}}, where {@code nextCursor} is always present and
 * null on the last page, so a client loops "while nextCursor != null".
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record PageResponse<T>(List<T> items, String nextCursor) {
}
