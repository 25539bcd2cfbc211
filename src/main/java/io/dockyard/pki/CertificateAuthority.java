package io.dockyard.pki;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Dockyard's certificate authority, as the rest of the service sees it: plain records in, PEM
 * text out, no cryptography library types. Every certificate issued is recorded.
 */
public interface CertificateAuthority {

    /** The default and maximum lifetime of client certificates. */
    ClientCertificatePolicy clientCertificatePolicy();

    /** The root CA certificate: the trust anchor for every host's server certificate. */
    String trustAnchorPem();

    /**
     * Issues a server certificate for a host with SANs for every name and address given
     * ({@code serverAuth}); the key is generated here and returned, never stored.
     */
    ServerCertificate issueServerCertificate(UUID hostId, List<String> dnsNames, List<InetAddress> addresses,
            String requestedBy);

    /** The host's current client CA, created on first need. */
    HostClientCa clientCa(UUID hostId, String requestedBy);

    /**
     * A client certificate ({@code clientAuth}) signed by the host's client CA, for
     * {@code subjectName} (the requesting principal), valid for {@code ttl}.
     */
    ClientBundle issueClientCertificate(UUID hostId, String subjectName, Duration ttl, String requestedBy);

    /** A short-lived client certificate for the control plane's own Docker probe. */
    ClientBundle issueControlPlaneCertificate(UUID hostId);

    /**
     * Replaces the host's client CA with a new one. Every client certificate of the old CA stops
     * working once the new CA is on the host; the old CA is recorded as revoked.
     */
    HostClientCa rotateClientCa(UUID hostId, String requestedBy);

    /** Revokes one of the host's certificates; revoking it again changes nothing. */
    Optional<CertificateRecord> revoke(UUID hostId, String serial);

    /** Revokes everything issued for a host (on deletion). Returns how many were revoked now. */
    int revokeHost(UUID hostId);

    List<CertificateRecord> certificates(UUID hostId, CertificateKind kind);

    /** The current CRL (DER), signed by the root, listing every revoked certificate. */
    byte[] crl();
}
