package io.dockyard.hosts;

import io.dockyard.security.CallerPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a caller did to a host or its credentials, published as an application event inside the transaction of
 * the change, so that a listener's writes (the audit trail) commit or roll back with it. Facts only, never a
 * secret: changed field names rather than values, a certificate's serial rather than its key.
 */
public sealed interface HostActivity {

    UUID hostId();

    /** The team that owns the host. */
    String team();

    CallerPrincipal actor();

    record Created(UUID hostId, String team, String name, String location, String vmSize, CallerPrincipal actor)
            implements HostActivity {
    }

    /** An accepted spec change; {@code changedFields} are names such as {@code vmSize} or {@code docker.environment}. */
    record SpecChanged(UUID hostId, String team, List<String> changedFields, long generation, CallerPrincipal actor)
            implements HostActivity {

        public SpecChanged {
            changedFields = List.copyOf(changedFields);
        }
    }

    record DeletionRequested(UUID hostId, String team, String name, long generation, CallerPrincipal actor)
            implements HostActivity {
    }

    /** An admin forgot the host without deprovisioning it. */
    record ForceDeleted(UUID hostId, String team, String name, int revokedCertificates, CallerPrincipal actor)
            implements HostActivity {
    }

    record ReconcileRequested(UUID hostId, String team, long generation, CallerPrincipal actor)
            implements HostActivity {
    }

    record ClientCertificateIssued(UUID hostId, String team, String serial, Duration ttl, Instant notAfter,
            CallerPrincipal actor) implements HostActivity {
    }

    record ClientCertificateRevoked(UUID hostId, String team, String serial, CallerPrincipal actor)
            implements HostActivity {
    }

    /** The host's client CA was replaced (the "rotate certificates" request); {@code caGeneration} counts rotations. */
    record ClientCaRotated(UUID hostId, String team, String caSerial, int caGeneration, String caFingerprintSha256,
            CallerPrincipal actor) implements HostActivity {
    }
}
