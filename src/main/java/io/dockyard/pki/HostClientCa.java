package io.dockyard.pki;

import java.time.Instant;

/**
 * A host's current client CA: dockerd trusts exactly this certificate for client authentication,
 * so a client certificate opens one host only. {@code generation} counts rotations.
 */
public record HostClientCa(String serial, int generation, String certificatePem, String fingerprintSha256,
        Instant notAfter) {
}
