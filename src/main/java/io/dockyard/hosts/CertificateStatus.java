package io.dockyard.hosts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The certificates the host's engine uses, so that expiry and rotation are visible without logging in to the
 * VM. Null members are left out of the JSON.
 *
 * @param serverSerial the engine's server certificate serial (lower-case hex)
 * @param serverNotAfter when that certificate expires
 * @param clientCaFingerprint SHA-256 fingerprint of the host's client CA, which signs client certificates
 * @param clientCaNotAfter when the client CA expires
 * @param serverNotBefore when the server certificate's life began (renewal is due after two thirds of it)
 * @param clientCaSerial the client CA the engine trusts, to notice a rotation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateStatus(String serverSerial, Instant serverNotAfter, String clientCaFingerprint,
        Instant clientCaNotAfter, Instant serverNotBefore, String clientCaSerial) {

    public CertificateStatus(String serverSerial, Instant serverNotAfter, String clientCaFingerprint,
            Instant clientCaNotAfter) {
        this(serverSerial, serverNotAfter, clientCaFingerprint, clientCaNotAfter, null, null);
    }
}
