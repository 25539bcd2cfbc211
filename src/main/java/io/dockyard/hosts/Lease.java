package io.dockyard.hosts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The right to work on one host, handed out by {@link HostLeases#claimDue}. Writes are fenced by the
 * {@code token}, not by time: a write succeeds while the host's {@code lease_owner} is still this token, and
 * fails (changing nothing) once another instance has claimed the host after the lease expired. The token is
 * fresh for every claim, so an instance that claims the same host twice cannot confuse its two leases.
 *
 * @param hostId the leased host
 * @param token the fencing token: the claiming instance's id, '/', and a random UUID
 * @param until when the lease expires by the database clock, as of the claim (renewals are not reflected)
 */
public record Lease(UUID hostId, String token, Instant until) {

    public Lease {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(until, "until");
    }
}
