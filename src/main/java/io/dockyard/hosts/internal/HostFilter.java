package io.dockyard.hosts.internal;

/**
 * The list filters of {@code GET /hosts}; null means "any". {@code team} is forced to the
 * caller's own team unless the caller is an admin.
 */
record HostFilter(String team, String phase, String location, String name) {
}
