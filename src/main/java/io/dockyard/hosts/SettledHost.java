package io.dockyard.hosts;

import java.util.Objects;
import java.util.UUID;

/**
 * A host the last pass left settled (Ready or Degraded), with what a fleet-wide drift check compares Azure
 * against: its spec for the expected resources and NSG rules, and the status for the power state Dockyard last saw.
 * It carries no secrets: a drift check only reads names, rules and states.
 *
 * @param id the host id; every Azure name derives from it
 * @param team the owning team (an Azure tag)
 * @param name the host name (the VM's name)
 * @param location the Azure region
 * @param generation the spec generation the status describes
 * @param spec the desired state, defaults filled in
 * @param status the status as last stored
 */
public record SettledHost(UUID id, String team, String name, String location, long generation, HostSpec spec,
                          HostStatus status) {

    public SettledHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
    }
}
