package io.dockyard.hosts;

/**
 * The one-word summary of a host's status, derived from its conditions by the reconciler. The API
 * itself only ever sets {@code Pending} (on creation) and {@code Deleting} (on a delete request).
 */
public enum HostPhase {
    Pending, Provisioning, Ready, Updating, Degraded, Failed, Deleting, Paused
}
