package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostActivity;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostSpec;
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.TeamNames;
import io.dockyard.web.ApiProblem;
import io.dockyard.web.FieldError;
import io.dockyard.web.JsonInput;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules of the hosts resource: who sees which host, what may change and how, and what each
 * accepted change records. Every method is one transaction; a refused request stores nothing. Each accepted change
 * is also published as a {@link HostActivity} inside that transaction, so the audit trail commits with it.
 */
@Service
class HostService {

    private static final String INITIAL_STATUS = "{\"phase\":\"Pending\",\"observedGeneration\":0,"
            + "\"conditions\":[],\"consecutiveFailures\":0}";

    private final HostRepository hosts;
    private final HostEventRepository events;
    private final HostSecretStore secrets;
    private final IdempotencyKeys idempotency;
    private final SpecReader reader;
    private final HostsProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final CertificateAuthority certificateAuthority;
    private final ApplicationEventPublisher activity;

    HostService(HostRepository hosts, HostEventRepository events, HostSecretStore secrets, IdempotencyKeys idempotency,
            SpecReader reader, HostsProperties properties, Clock clock, JsonMapper json,
            CertificateAuthority certificateAuthority, ApplicationEventPublisher activity) {
        this.certificateAuthority = certificateAuthority;
        this.activity = activity;
        this.hosts = hosts;
        this.events = events;
        this.secrets = secrets;
        this.idempotency = idempotency;
        this.reader = reader;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    /** The answer to a create: the stored first answer when an idempotency key replays. */
    record Created(int status, String body, String location, String etag, boolean replayed) {
    }

    @Transactional
    public Created create(JsonNode body, CallerPrincipal caller, String idempotencyKey) {
        Instant now = now();
        String scope = caller.subject();
        if (idempotencyKey != null) {
            byte[] hash = CanonicalJson.sha256(body);
            if (!idempotency.claim(scope, idempotencyKey, hash, now, now.plus(properties.idempotencyTtl()))) {
                IdempotencyKeys.StoredAnswer first = idempotency.find(scope, idempotencyKey).orElseThrow();
                if (!Arrays.equals(first.requestHash(), hash)) {
                    throw ApiProblem.unprocessable("idempotency-key-reused",
                            "The Idempotency-Key '" + idempotencyKey + "' was used with a different body. "
                                    + "Use a new key for a new request.", List.of());
                }
                return new Created(first.status(), first.body(), first.location(), first.etag(), true);
            }
        }
        JsonInput in = new JsonInput();
        String team = caller.team();
        // An admin may create for any team; a person in several teams (OIDC) must say which of them.
        boolean choosesTeam = caller.isAdmin() || team == null;
        ParsedSpec parsed = reader.read(body, null, choosesTeam ? Set.of("team") : Set.of(), in);
        String given = choosesTeam && body.isObject() && body.has("team") ? in.string(body, "", "team", false) : null;
        if (given != null && !TeamNames.isValid(given)) {
            in.reject("/team", TeamNames.RULE);
        } else if (given != null && !caller.canAccess(given)) {
            in.reject("/team", "must be one of your teams: " + String.join(", ", caller.teams()));
        } else if (given != null) {
            team = given;
        } else if (team == null) {
            in.reject("/team", caller.teams().isEmpty() ? "is required: your sign-in names no team"
                    : "is required: you belong to several teams (" + String.join(", ", caller.teams()) + ")");
        }
        in.throwIfInvalid();
        HostSpec spec = parsed.spec();
        hosts.lockTeamForCreate(team);
        int live = hosts.countLive(team);
        if (live >= properties.maxHostsPerTeam()) {
            throw ApiProblem.conflict("host-quota-exceeded", "Team '" + team + "' has " + live + " hosts, its quota of "
                    + properties.maxHostsPerTeam() + ". Delete a host it no longer needs, or ask an admin to raise "
                    + "dockyard.hosts.max-hosts-per-team.").with("quota", properties.maxHostsPerTeam()).with("hosts", live);
        }
        UUID id = Uuid7.next(clock);
        try {
            hosts.insert(id, team, spec.name(), spec.location(), SpecView.toText(spec), INITIAL_STATUS, now);
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("name-taken", "Team '" + team + "' already has a host named '" + spec.name()
                    + "'. Choose another name, or delete that host first.");
        }
        secrets.replace(id, parsed.newSecrets(), Set.of());
        events.append(id, team, HostEvent.Type.Normal, "Created",
                "Host '" + spec.name() + "' created in " + spec.location() + " (" + spec.vmSize() + ")", 1,
                caller.subject(), now);
        activity.publishEvent(new HostActivity.Created(id, team, spec.name(), spec.location(), spec.vmSize(), caller));
        HostRow row = hosts.find(id).orElseThrow();
        Created created = new Created(201, json.writeValueAsString(HostResponse.of(row)), "/api/v1/hosts/" + id,
                row.etag(), false);
        if (idempotencyKey != null) {
            idempotency.complete(scope, idempotencyKey, new IdempotencyKeys.StoredAnswer(null, created.status(),
                    created.body(), created.location(), created.etag()));
        }
        return created;
    }

    /** One statement, so no transaction: a read costs a single round trip. */
    public HostRow get(UUID id, CallerPrincipal caller) {
        return visible(hosts.find(id), id, caller);
    }

    /** A page of hosts and the cursor of the next page (null at the end). */
    record Page(List<HostRow> items, String nextCursor) {
    }

    public Page list(CallerPrincipal caller, String team, String phase, String location, String name, Integer limit,
            String cursor) {
        if (team != null && !caller.canAccess(team)) {
            throw ApiProblem.invalidParameter("team", caller.teams().size() > 1
                    ? "must be one of your teams (" + String.join(", ", caller.teams()) + "); leave it out to list all of them"
                    : "is for admins only; leave it out to list your own team's hosts");
        }
        if (phase != null && Arrays.stream(HostPhase.values()).noneMatch(p -> p.name().equals(phase))) {
            throw ApiProblem.invalidParameter("phase", "must be one of " + Arrays.toString(HostPhase.values()));
        }
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw ApiProblem.invalidParameter("limit", "must be between 1 and " + properties.maxPageSize());
        }
        UUID after = cursor == null || cursor.isEmpty() ? null : Cursors.host(cursor);
        List<String> scope = team != null ? List.of(team) : caller.isAdmin() ? null : caller.teams();
        List<HostRow> rows = hosts.page(new HostFilter(scope, phase, location, name), after, size + 1);
        if (rows.size() > size) {
            List<HostRow> page = rows.subList(0, size);
            return new Page(page, Cursors.ofHost(page.getLast().id()));
        }
        return new Page(rows, null);
    }

    @Transactional
    public HostRow patch(UUID id, JsonNode patch, String ifMatch, CallerPrincipal caller) {
        HostRow row = visible(hosts.findForUpdate(id), id, caller);
        checkIfMatch(row, ifMatch);
        if (row.deletionRequestedAt() != null) {
            throw ApiProblem.conflict("host-deleting", "Host '" + row.name() + "' is being deleted and can no longer change.");
        }
        JsonInput in = new JsonInput();
        if (!in.isObject(patch, "")) {
            in.throwIfInvalid();
        }
        // A null removes a member in a merge patch; for a member the spec does not have (id, status, generation...)
        // that would be a silent no-op, so it is refused like any other value for it.
        patch.properties().forEach(member -> {
            if (member.getValue().isNull() && !SpecReader.SPEC_FIELDS.contains(member.getKey())) {
                in.reject("/" + member.getKey(), "is not a field of the host's spec; it cannot be set or removed");
            }
        });
        HostSpec current = SpecView.fromText(row.spec());
        JsonNode merged = MergePatch.apply(json.readTree(row.spec()), patch);
        ParsedSpec parsed = reader.read(merged, current, Set.of(), in);
        in.throwIfInvalid();
        HostSpec next = parsed.spec();
        List<FieldError> immutable = ImmutableFields.violations(current, next);
        if (!immutable.isEmpty()) {
            throw ApiProblem.unprocessable("immutable-field", immutable.size() == 1
                    ? "A host's " + immutable.getFirst().pointer().substring(1) + " cannot change after creation: "
                            + immutable.getFirst().message()
                    : "These fields cannot change after creation; see errors.", immutable);
        }
        List<String> changed = SpecDiff.changedFields(current, next, parsed.newSecrets().keySet());
        if (changed.isEmpty()) {
            return row;
        }
        Instant now = now();
        long generation = row.generation() + 1;
        hosts.updateSpec(id, SpecView.toText(next), generation, now);
        secrets.replace(id, parsed.newSecrets(), parsed.keptSecrets());
        events.append(id, row.team(), HostEvent.Type.Normal, "SpecUpdated",
                "Changed " + String.join(", ", changed) + " (generation " + generation + ")", generation,
                caller.subject(), now);
        activity.publishEvent(new HostActivity.SpecChanged(id, row.team(), changed, generation, caller));
        return hosts.find(id).orElseThrow();
    }

    /** What a DELETE did: the host marked for deletion, or (forced) nothing left. */
    record Deletion(Optional<HostRow> host) {
    }

    @Transactional
    public Deletion delete(UUID id, boolean force, String ifMatch, CallerPrincipal caller) {
        if (force && !caller.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin may force-delete a host: it leaves Azure resources behind.");
        }
        HostRow row = visible(hosts.findForUpdate(id), id, caller);
        checkIfMatch(row, ifMatch);
        Instant now = now();
        if (force) {
            hosts.delete(id);
            int revoked = certificateAuthority.revokeHost(id);
            events.append(id, row.team(), HostEvent.Type.Warning, "ForceDeleted",
                    "Host forgotten by an admin without deprovisioning; its certificates were revoked; Azure resources"
                            + " tagged dockyard-host-id=" + id + " were left in place", row.generation(), caller.subject(), now);
            activity.publishEvent(new HostActivity.ForceDeleted(id, row.team(), row.name(), revoked, caller));
            return new Deletion(Optional.empty());
        }
        if (row.deletionRequestedAt() == null) {
            ObjectNode status = (ObjectNode) json.readTree(row.status());
            status.put("phase", HostPhase.Deleting.name());
            hosts.markForDeletion(id, json.writeValueAsString(status), now);
            events.append(id, row.team(), HostEvent.Type.Normal, "DeletionRequested",
                    "Deletion requested; the reconciler will remove the host's Azure resources", row.generation(),
                    caller.subject(), now);
            activity.publishEvent(new HostActivity.DeletionRequested(id, row.team(), row.name(), row.generation(),
                    caller));
        }
        return new Deletion(hosts.find(id));
    }

    @Transactional
    public HostRow reconcileNow(UUID id, CallerPrincipal caller) {
        HostRow row = visible(hosts.findForUpdate(id), id, caller);
        Instant now = now();
        hosts.requestReconcile(id, now);
        events.append(id, row.team(), HostEvent.Type.Normal, "ReconcileRequested", "Reconcile requested", row.generation(),
                caller.subject(), now);
        activity.publishEvent(new HostActivity.ReconcileRequested(id, row.team(), row.generation(), caller));
        return hosts.find(id).orElseThrow();
    }

    /** A page of events and the next cursor (null when there are no more yet). */
    record EventPage(List<HostEvent> items, String nextCursor) {
    }

    @Transactional(readOnly = true)
    public EventPage events(UUID id, CallerPrincipal caller, Integer limit, String cursor) {
        Optional<HostRow> row = hosts.find(id);
        String team = row.map(HostRow::team).or(() -> events.teamOfEvents(id)).orElse(null);
        if (team == null || !caller.canAccess(team)) {
            throw notFound(id);
        }
        int size = limit == null ? properties.maxPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw ApiProblem.invalidParameter("limit", "must be between 1 and " + properties.maxPageSize());
        }
        long after = cursor == null || cursor.isEmpty() ? 0 : Cursors.event(cursor);
        List<HostEvent> items = new ArrayList<>(events.page(id, after, size + 1));
        if (items.size() > size) {
            items = items.subList(0, size);
            return new EventPage(items, Cursors.ofEvent(items.getLast().id()));
        }
        return new EventPage(items, null);
    }

    private HostRow visible(Optional<HostRow> row, UUID id, CallerPrincipal caller) {
        return row.filter(r -> caller.canAccess(r.team())).orElseThrow(() -> notFound(id));
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("No host with id " + id + " in your team.");
    }

    private static void checkIfMatch(HostRow row, String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(row.etag()));
        if (!matches) {
            throw ApiProblem.preconditionFailed("The host changed since you read it (its ETag is now " + row.etag()
                    + "). GET it again, re-apply your change and retry.");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
