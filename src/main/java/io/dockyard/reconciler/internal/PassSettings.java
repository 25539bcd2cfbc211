package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;

import io.dockyard.hosts.CertificateStatus;

/**
 * The timing and shape rules one pass follows: how soon to look again while Azure works, how to back off, how
 * often the fleet-wide drift check runs, how often a settled host gets a full pass of its own anyway, when a server
 * certificate is renewed, and which address the Docker endpoint names (the FQDN; local mode uses the loopback IP,
 * which resolves on the machine).
 */
record PassSettings(Duration inProgressRequeue, Duration backoffBase, Duration backoffCap, Duration terminalRetry,
                    Duration driftInterval, Duration resyncInterval, double renewAfterFraction, Duration probeTimeout,
                    boolean endpointByAddress, String addressSpace, String subnetPrefix) {

    /** When the server certificate described has used its share of its life; null when nothing is known of it. */
    Instant renewalDue(CertificateStatus certificates) {
        if (certificates == null || certificates.serverNotBefore() == null || certificates.serverNotAfter() == null) {
            return null;
        }
        Duration life = Duration.between(certificates.serverNotBefore(), certificates.serverNotAfter());
        return certificates.serverNotBefore().plusMillis((long) (life.toMillis() * renewAfterFraction));
    }
}
