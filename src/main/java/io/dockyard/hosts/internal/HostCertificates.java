package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostActivity;
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.CertificateKind;
import io.dockyard.pki.CertificateRecord;
import io.dockyard.pki.ClientBundle;
import io.dockyard.pki.HostClientCa;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.web.ApiProblem;
import io.dockyard.web.JsonInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Credentials for a host's Docker endpoint: client certificates for the team (signed by the host's
 * own client CA, so each opens exactly one host), their revocation, and rotation of the client CA.
 * Visibility is the host's: another team's host is not found. Each action is a host event that
 * names the serial and the principal, never key material.
 *
 * <p>Each action is one transaction that the CA's own bookkeeping joins: the certificate record, the host event and
 * the {@link HostActivity} listeners' writes (the audit trail) commit together, so no credential leaves without its
 * audit record. The price is a connection held while the CA generates and signs: milliseconds for ECDSA keys, more
 * with {@code dockyard.pki.leaf-keys=rsa-3072}.
 */
@Service
class HostCertificates {

    private final HostRepository hosts;
    private final HostEventRepository events;
    private final CertificateAuthority ca;
    private final Clock clock;
    private final ApplicationEventPublisher activity;

    HostCertificates(HostRepository hosts, HostEventRepository events, CertificateAuthority ca, Clock clock,
            ApplicationEventPublisher activity) {
        this.hosts = hosts;
        this.events = events;
        this.ca = ca;
        this.clock = clock;
        this.activity = activity;
    }

    @Transactional
    ClientBundle issue(UUID hostId, JsonNode body, CallerPrincipal caller) {
        HostRow host = visibleLiveHost(hostId, caller);
        Duration ttl = ttl(body);
        ClientBundle bundle = ca.issueClientCertificate(hostId, caller.subject(), ttl, caller.subject());
        events.append(hostId, host.team(), HostEvent.Type.Normal, "ClientCertificateIssued",
                "Client certificate " + bundle.serial() + " issued to " + caller.subject() + ", valid until "
                        + bundle.notAfter(), host.generation(), caller.subject(), clock.instant());
        activity.publishEvent(new HostActivity.ClientCertificateIssued(hostId, host.team(), bundle.serial(), ttl,
                bundle.notAfter(), caller));
        return bundle;
    }

    List<CertificateRecord> list(UUID hostId, CallerPrincipal caller) {
        visibleHost(hostId, caller);
        return ca.certificates(hostId, CertificateKind.CLIENT);
    }

    @Transactional
    CertificateRecord revoke(UUID hostId, String serial, CallerPrincipal caller) {
        HostRow host = visibleHost(hostId, caller);
        CertificateRecord before = ca.certificates(hostId, CertificateKind.CLIENT).stream()
                .filter(r -> r.serial().equals(serial)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Host " + hostId + " has no client certificate " + serial + "."));
        CertificateRecord after = ca.revoke(hostId, serial).orElseThrow();
        if (before.revokedAt() == null) {
            events.append(hostId, host.team(), HostEvent.Type.Normal, "ClientCertificateRevoked",
                    "Client certificate " + serial + " revoked; it is listed in the CRL and expires at "
                            + after.notAfter(), host.generation(), caller.subject(), clock.instant());
            activity.publishEvent(new HostActivity.ClientCertificateRevoked(hostId, host.team(), serial, caller));
        }
        return after;
    }

    @Transactional
    HostClientCa rotate(UUID hostId, CallerPrincipal caller) {
        HostRow host = visibleLiveHost(hostId, caller);
        HostClientCa rotated = ca.rotateClientCa(hostId, caller.subject());
        Instant now = clock.instant();
        hosts.requestReconcile(hostId, now);
        events.append(hostId, host.team(), HostEvent.Type.Normal, "ClientCaRotated",
                "Client CA rotated to generation " + rotated.generation() + " (" + rotated.serial()
                        + "); every earlier client certificate stops working once the new CA is on the host",
                host.generation(), caller.subject(), now);
        activity.publishEvent(new HostActivity.ClientCaRotated(hostId, host.team(), rotated.serial(),
                rotated.generation(), rotated.fingerprintSha256(), caller));
        return rotated;
    }

    private Duration ttl(JsonNode body) {
        Duration defaultTtl = ca.clientCertificatePolicy().defaultTtl();
        Duration maxTtl = ca.clientCertificatePolicy().maxTtl();
        if (body == null || body.isNull() || body.isMissingNode()) {
            return defaultTtl;
        }
        JsonInput in = new JsonInput();
        if (!in.isObject(body, "")) {
            in.throwIfInvalid();
        }
        in.allowOnly(body, "", Set.of("ttl"), java.util.Map.of());
        String text = in.string(body, "", "ttl", false);
        Duration ttl = defaultTtl;
        if (text != null) {
            try {
                ttl = Duration.parse(text);
                if (ttl.isZero() || ttl.isNegative()) {
                    in.reject("/ttl", "must be positive, e.g. PT8H; the cap is " + iso(maxTtl));
                } else if (ttl.compareTo(maxTtl) > 0) {
                    in.reject("/ttl", "must be at most " + iso(maxTtl) + " (the configured cap)");
                }
            } catch (DateTimeParseException e) {
                in.reject("/ttl", "must be an ISO-8601 duration such as PT8H or P7D; the cap is " + iso(maxTtl));
            }
        }
        in.throwIfInvalid();
        return ttl;
    }

    /** Whole days as {@code P30D} rather than Java's {@code PT720H}. */
    private static String iso(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private HostRow visibleHost(UUID id, CallerPrincipal caller) {
        return hosts.find(id).filter(r -> caller.canAccess(r.team()))
                .orElseThrow(() -> ApiProblem.notFound("No host with id " + id + " in your team."));
    }

    private HostRow visibleLiveHost(UUID id, CallerPrincipal caller) {
        HostRow host = visibleHost(id, caller);
        if (host.deletionRequestedAt() != null) {
            throw ApiProblem.conflict("host-deleting", "Host '" + host.name()
                    + "' is being deleted; no new credentials are issued for it.");
        }
        return host;
    }
}
