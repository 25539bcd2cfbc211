package io.dockyard.audit.internal;

import io.dockyard.hosts.HostActivity;
import io.dockyard.security.ApiTokenActivity;
import io.dockyard.security.ApiTokenView;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the activity events of {@code hosts} and {@code security} into audit records. The listeners are plain
 * synchronous {@link EventListener}s, so they run on the publisher's thread inside its transaction: the record
 * commits with the change or not at all, and a failure to write it fails the change. {@code MANDATORY} makes a
 * publisher that forgot its transaction fail loudly rather than leave a record that could outlive a rolled-back
 * change.
 *
 * <p>What goes into {@code details} is chosen here field by field from records that carry no secret values; a new
 * fact must be added on purpose.
 */
@Component
class AuditRecorder {

    private final AuditRepository records;

    AuditRecorder(AuditRepository records) {
        this.records = records;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(HostActivity activity) {
        Map<String, Object> details = new LinkedHashMap<>();
        AuditAction action = switch (activity) {
            case HostActivity.Created c -> {
                details.put("name", c.name());
                details.put("location", c.location());
                details.put("vmSize", c.vmSize());
                details.put("generation", 1);
                yield AuditAction.HOST_CREATED;
            }
            case HostActivity.SpecChanged c -> {
                details.put("changedFields", c.changedFields());
                details.put("generation", c.generation());
                yield AuditAction.HOST_UPDATED;
            }
            case HostActivity.DeletionRequested d -> {
                details.put("name", d.name());
                details.put("generation", d.generation());
                yield AuditAction.HOST_DELETION_REQUESTED;
            }
            case HostActivity.ForceDeleted d -> {
                details.put("name", d.name());
                details.put("revokedCertificates", d.revokedCertificates());
                yield AuditAction.HOST_FORCE_DELETED;
            }
            case HostActivity.ReconcileRequested r -> {
                details.put("generation", r.generation());
                yield AuditAction.HOST_RECONCILE_REQUESTED;
            }
            case HostActivity.ClientCertificateIssued i -> {
                details.put("serial", i.serial());
                details.put("ttl", i.ttl().toString());
                details.put("notAfter", i.notAfter().toString());
                yield AuditAction.CLIENT_CERTIFICATE_ISSUED;
            }
            case HostActivity.ClientCertificateRevoked r -> {
                details.put("serial", r.serial());
                yield AuditAction.CLIENT_CERTIFICATE_REVOKED;
            }
            case HostActivity.ClientCaRotated r -> {
                details.put("caSerial", r.caSerial());
                details.put("caGeneration", r.caGeneration());
                details.put("caFingerprintSha256", r.caFingerprintSha256());
                yield AuditAction.CLIENT_CA_ROTATED;
            }
        };
        CallerPrincipal actor = activity.actor();
        records.append(new AuditEntry(actor.subject(), teamsOf(actor), action, activity.hostId().toString(),
                activity.team(), RequestIds.current().orElse(null), details));
    }

    /**
     * Token events carry no caller (the token service is also used at startup, where there is none), so the
     * principal is the authenticated caller of the current request; without one it is the creator the token names.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(ApiTokenActivity activity) {
        ApiTokenView token = activity.token();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("team", token.team());
        details.put("role", token.role().wireName());
        details.put("description", token.description());
        AuditAction action = switch (activity) {
            case ApiTokenActivity.Issued i -> {
                details.put("expiresAt", token.expiresAt().toString());
                yield AuditAction.TOKEN_CREATED;
            }
            case ApiTokenActivity.Revoked r -> AuditAction.TOKEN_REVOKED;
        };
        Optional<CallerPrincipal> caller = currentCaller();
        String principal = caller.map(CallerPrincipal::subject)
                .orElse(token.createdBy() != null && action == AuditAction.TOKEN_CREATED ? token.createdBy() : "system");
        List<String> teams = caller.map(AuditRecorder::teamsOf).orElse(List.of());
        records.append(new AuditEntry(principal, teams, action, token.id().toString(), token.team(),
                RequestIds.current().orElse(null), details));
    }

    /** All of them: a person signed in with OIDC may belong to several teams (an API token has one). */
    private static List<String> teamsOf(CallerPrincipal caller) {
        return caller.teams();
    }

    private static Optional<CallerPrincipal> currentCaller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CallerPrincipal caller
                ? Optional.of(caller)
                : Optional.empty();
    }
}
