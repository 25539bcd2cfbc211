package io.dockyard.hosts.internal;

import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.DueQueue;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostSpec;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.Lease;
import io.dockyard.pki.SealedSecret;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link HostLeases} on PostgreSQL. Each method is one short transaction: the claim is a single
 * {@code UPDATE ... FROM (SELECT ... FOR UPDATE SKIP LOCKED)}, and every write first locks the host row
 * {@code WHERE lease_owner = token} (the fence), so an API write to the same host (which locks it too) lands
 * either wholly before or wholly after it.
 */
@Component
class JdbcHostLeases implements HostLeases {

    private static final Logger log = LoggerFactory.getLogger(JdbcHostLeases.class);
    static final int MAX_CLAIM = 1000;
    private static final int MAX_INSTANCE_ID = 100;

    private final LeaseRepository leases;
    private final HostEventRepository events;
    private final HostSecretStore secrets;

    JdbcHostLeases(LeaseRepository leases, HostEventRepository events, HostSecretStore secrets) {
        this.leases = leases;
        this.events = events;
        this.secrets = secrets;
    }

    @Override
    @Transactional
    public List<ClaimedHost> claimDue(String instanceId, int limit, Duration lease) {
        return claim(instanceId, limit, lease, false);
    }

    @Override
    @Transactional
    public List<ClaimedHost> claimNew(String instanceId, int limit, Duration lease) {
        return claim(instanceId, limit, lease, true);
    }

    private List<ClaimedHost> claim(String instanceId, int limit, Duration lease, boolean newOnly) {
        Objects.requireNonNull(instanceId, "instanceId");
        if (instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID) {
            throw new IllegalArgumentException("instanceId must be 1-" + MAX_INSTANCE_ID + " characters, not blank");
        }
        if (limit < 1 || limit > MAX_CLAIM) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_CLAIM + ": " + limit);
        }
        requirePositive(lease, "lease");
        List<LeaseRepository.Claimed> rows = new ArrayList<>(leases.claim(instanceId, limit, lease, newOnly));
        if (rows.isEmpty()) {
            return List.of();
        }
        rows.sort(Comparator.comparing(LeaseRepository.Claimed::dueSince));
        Map<UUID, Map<String, SealedSecret>> sealed = secrets.sealed(rows.stream().map(LeaseRepository.Claimed::id).toList());
        List<ClaimedHost> claimed = new ArrayList<>(rows.size());
        for (LeaseRepository.Claimed row : rows) {
            try {
                claimed.add(read(row, sealed.getOrDefault(row.id(), Map.of())));
            } catch (RuntimeException e) {
                // One unreadable host (a secret sealed under a key-encryption key this instance lacks, say) must
                // not hold up the queue: give it back for later and carry on.
                log.error("Host {} cannot be reconciled: its stored spec, status or secrets do not read; trying again"
                        + " in {}", row.id(), lease, e);
                leases.release(row.id(), row.token(), lease);
            }
        }
        return claimed;
    }

    private ClaimedHost read(LeaseRepository.Claimed row, Map<String, SealedSecret> sealed) {
        HostSpec spec = SpecView.fromText(row.spec());
        return new ClaimedHost(row.id(), row.team(), row.name(), row.location(), row.generation(), spec,
                SecretsBySpec.of(spec, secrets.open(row.id(), sealed)), StatusJson.read(row.status()),
                row.deletionRequestedAt(), new Lease(row.id(), row.token(), row.leaseUntil()));
    }

    @Override
    public boolean renew(Lease lease, Duration extension) {
        Objects.requireNonNull(lease, "lease");
        requirePositive(extension, "extension");
        return leases.renew(lease.hostId(), lease.token(), extension);
    }

    @Override
    @Transactional
    public boolean progress(Lease lease, HostStatus status, List<HostEventDraft> drafts) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(drafts, "events");
        Optional<LeaseRepository.Held> held = leases.lockHeld(lease.hostId(), lease.token());
        if (held.isEmpty()) {
            return false;
        }
        SecretRedactor redactor = redactorFor(lease.hostId());
        HostStatus stored = settled(redactor.scrub(status), held.get());
        leases.writeStatus(lease.hostId(), lease.token(), StatusJson.write(stored), stored.phase().name());
        append(held.get(), drafts, redactor, lease);
        return true;
    }

    @Override
    @Transactional
    public boolean complete(Lease lease, HostStatus status, Instant nextReconcileAt, List<HostEventDraft> drafts) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(drafts, "events");
        Optional<LeaseRepository.Held> held = leases.lockHeld(lease.hostId(), lease.token());
        if (held.isEmpty()) {
            return false;
        }
        // An API write during the pass set next_reconcile_at (the claim had cleared it): keep the earlier time.
        Instant next = earlier(held.get().nextReconcileAt(),
                nextReconcileAt == null ? null : nextReconcileAt.truncatedTo(ChronoUnit.MICROS));
        SecretRedactor redactor = redactorFor(lease.hostId());
        HostStatus stored = settled(redactor.scrub(status), held.get()).withNextReconcileAt(next);
        leases.finish(lease.hostId(), lease.token(), StatusJson.write(stored), stored.phase().name(), next);
        append(held.get(), drafts, redactor, lease);
        boolean askedDuringPass = held.get().nextReconcileAt() != null;
        if (next != null && (askedDuringPass || !next.isAfter(held.get().now()))) {
            leases.announceDue(lease.hostId());
        }
        return true;
    }

    @Override
    @Transactional
    public boolean release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        if (!leases.release(lease.hostId(), lease.token(), Duration.ZERO)) {
            return false;
        }
        leases.announceDue(lease.hostId());
        return true;
    }

    @Override
    @Transactional
    public boolean forget(Lease lease, List<HostEventDraft> drafts) {
        Objects.requireNonNull(drafts, "events");
        Optional<LeaseRepository.Held> held = leases.lockHeld(lease.hostId(), lease.token());
        if (held.isEmpty()) {
            return false;
        }
        if (held.get().deletionRequestedAt() == null) {
            throw new IllegalStateException("Host " + lease.hostId() + " was not asked to be deleted; refusing to"
                    + " forget it");
        }
        append(held.get(), drafts, redactorFor(lease.hostId()), lease);
        leases.delete(lease.hostId(), lease.token());
        return true;
    }

    @Override
    public DueQueue dueQueue() {
        return leases.dueQueue();
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return leases.untilNextDue();
    }

    /** The API promises {@code Deleting} from the delete request on; a pass that began earlier must not undo it. */
    private static HostStatus settled(HostStatus status, LeaseRepository.Held held) {
        return held.deletionRequestedAt() != null ? status.withPhase(HostPhase.Deleting) : status;
    }

    private SecretRedactor redactorFor(UUID hostId) {
        return SecretRedactor.of(secrets.readAll(hostId).values());
    }

    private void append(LeaseRepository.Held held, List<HostEventDraft> drafts, SecretRedactor redactor, Lease lease) {
        for (HostEventDraft draft : drafts) {
            HostEventDraft event = redactor.scrub(draft);
            events.append(held.id(), held.team(), HostEvent.Type.valueOf(event.type().name()), event.reason(),
                    event.message(), held.generation(), lease.token(), held.now());
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}
