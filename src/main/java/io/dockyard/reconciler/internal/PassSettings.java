package io.dockyard.reconciler.internal;

import java.time.Duration;

/**
 * The timing and shape rules one pass follows: how soon to look again while Azure works, how to back off, how
 * often a Ready host is re-observed, when a server certificate is renewed, and which address the Docker endpoint
 * names (the FQDN; local mode uses the loopback IP, which resolves on the machine).
 */
record PassSettings(Duration inProgressRequeue, Duration backoffBase, Duration backoffCap, Duration terminalRetry,
                    Duration driftInterval, double renewAfterFraction, Duration probeTimeout, boolean endpointByAddress,
                    String addressSpace, String subnetPrefix) {
}
