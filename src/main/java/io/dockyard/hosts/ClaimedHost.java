package io.dockyard.hosts;

import java.time.Instant;
import java.util.UUID;

/**
 * A host the reconciler has just claimed, with everything one pass needs read in the claim's transaction, so
 * that the spec, its secrets and the status belong together. The reconciler never reads the hosts tables
 * itself; it acts on this snapshot and writes back through {@link HostLeases} with the {@link #lease()}.
 * A host force-deleted by an admin is gone from the table at once, so it is never claimed; a pass that was
 * already running on it finds its writes refused.
 *
 * @param id the host id; every Azure name derives from it
 * @param team the owning team (an Azure tag)
 * @param name the host name, unique in its team among live hosts
 * @param location the Azure region
 * @param generation the spec generation this snapshot holds; becomes {@code observedGeneration} once applied
 * @param spec the desired state, defaults filled in
 * @param secrets the decrypted registry passwords and environment values; toString() hides them
 * @param status the status as last stored
 * @param deletionRequestedAt when deletion was requested, or null for a live host
 * @param lease the claim; pass it to every write
 */
public record ClaimedHost(UUID id, String team, String name, String location, long generation, HostSpec spec,
        HostSecrets secrets, HostStatus status, Instant deletionRequestedAt, Lease lease) {

    /** Whether the pass must deprovision the host instead of reconciling it. */
    public boolean deletionRequested() {
        return deletionRequestedAt != null;
    }
}
