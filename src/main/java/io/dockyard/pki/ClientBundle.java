package io.dockyard.pki;

import java.time.Instant;

/**
 * What a Docker client needs for one host: {@code ca.pem} (to verify the host's server
 * certificate), {@code cert.pem} and the unencrypted {@code key.pem} (Docker's TLS loader refuses
 * encrypted keys). The key is never stored; {@link #toString()} leaves it out.
 */
public record ClientBundle(String serial, Instant notAfter, String caPem, String certPem, String keyPem) {

    @Override
    public String toString() {
        return "ClientBundle[serial=" + serial + ", notAfter=" + notAfter + "]";
    }
}
