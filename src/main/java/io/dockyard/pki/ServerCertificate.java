package io.dockyard.pki;

import java.time.Instant;

/**
 * A host's server certificate, handed to the reconciler for the install payload. The private key
 * exists only in this object and in the payload; it is never stored, and {@link #toString()}
 * leaves it out so that a log line cannot leak it.
 *
 * @param certificatePem the leaf followed by the server-issuing CA: what dockerd's tlscert holds
 * @param trustAnchorPem the root CA that clients verify the chain against
 */
public record ServerCertificate(String serial, Instant notBefore, Instant notAfter, String certificatePem,
        String privateKeyPem, String trustAnchorPem) {

    @Override
    public String toString() {
        return "ServerCertificate[serial=" + serial + ", notAfter=" + notAfter + "]";
    }
}
