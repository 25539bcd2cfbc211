package io.dockyard.hosts.internal;

import java.util.List;

/**
 * The list filters of {@code GET /hosts}; null means "any". {@code teams} is forced to the
 * caller's own teams unless the caller is an admin.
 */
record HostFilter(List<String> teams, String phase, String location, String name) {
}
