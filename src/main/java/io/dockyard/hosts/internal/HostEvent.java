package io.dockyard.hosts.internal;

import java.time.Instant;

/**
 * One entry of a host's history, like a line of {@code kubectl describe}. Messages name what
 * changed, never secret values.
 */
record HostEvent(long id, Instant at, Type type, String reason, String message, long generation) {

    enum Type { Normal, Warning }
}
