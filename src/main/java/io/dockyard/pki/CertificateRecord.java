package io.dockyard.pki;

import java.time.Instant;
import java.util.UUID;

/**
 * The record kept of every certificate issued: never the key, always who asked.
 *
 * @param serial the serial number in lower-case hex
 * @param hostId the host it belongs to, or null for the root and server CAs
 * @param fingerprintSha256 SHA-256 of the DER certificate, lower-case hex
 * @param requestedBy the principal that caused the issuance ("system" for the control plane)
 */
public record CertificateRecord(String serial, CertificateKind kind, UUID hostId, String subject,
        String fingerprintSha256, Instant notBefore, Instant notAfter, Instant revokedAt, String requestedBy) {
}
