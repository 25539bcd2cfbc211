package io.dockyard.hosts;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler's port on a real PostgreSQL: claims, fencing, status and event writes, and what the API then
 * shows. Hosts are created through the API; due times are moved with SQL where a test needs a given backlog.
 */
class HostLeasesTest extends ApiTestSupport {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PASSWORD = "registry-pa55word-4e1b";
    private static final String ENV_VALUE = "env-secret-value-90ad";

    @Autowired
    private HostLeases leases;

    @Test
    void claimsOnlyDueHostsOnceEvenUnderConcurrentClaimers() throws Exception {
        Set<UUID> due = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            due.add(id(create(teamA, "due-" + i)));
        }
        UUID later = id(create(teamB, "later"));
        jdbc.sql("update hosts set next_reconcile_at = now() + interval '1 hour' where id = :id").param("id", later).update();
        UUID idle = id(create(teamB, "idle"));
        jdbc.sql("update hosts set next_reconcile_at = null where id = :id").param("id", idle).update();

        Map<UUID, String> claimedBy = new ConcurrentHashMap<>();
        List<UUID> claims = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String instance = "instance-" + t;
                claimers.add(pool.submit(() -> {
                    start.await();
                    List<ClaimedHost> batch;
                    do {
                        batch = leases.claimDue(instance, 7, MINUTE);
                        batch.forEach(h -> {
                            claims.add(h.id());
                            claimedBy.put(h.id(), h.lease().token());
                        });
                    } while (!batch.isEmpty());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        }

        assertThat(claims).hasSize(100).doesNotHaveDuplicates();
        assertThat(Set.copyOf(claims)).isEqualTo(due);
        assertThat(Set.copyOf(claimedBy.values())).hasSize(100);
        assertThat(claimedBy.values()).allMatch(token -> token.matches("instance-\\d/[0-9a-f-]{36}"));
        assertThat(leases.claimDue("late-comer", 100, MINUTE)).isEmpty();
        for (UUID id : due) {
            assertThat(leaseOwner(id)).isEqualTo(claimedBy.get(id));
        }
    }

    @Test
    void anExpiredLeaseCanBeClaimedAgainAndTheOldHolderIsFencedOut() {
        UUID id = id(create(teamA, "contested"));
        ClaimedHost first = leases.claimDue("slow", 1, Duration.ofMillis(300)).getFirst();
        assertThat(leases.claimDue("fast", 1, MINUTE)).as("a live lease is not claimable").isEmpty();

        List<ClaimedHost> second = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> second.addAll(leases.claimDue("fast", 1, MINUTE)));
        Lease stale = first.lease();
        Lease current = second.getFirst().lease();
        String before = row(id);
        long events = count("host_events");

        HostStatus ready = ready(1, Instant.now());
        assertThat(current.token()).isNotEqualTo(stale.token()).startsWith("fast/");
        assertThat(leases.renew(stale, MINUTE)).isFalse();
        assertThat(leases.progress(stale, ready, List.of(HostEventDraft.normal("Stale", "")))).isFalse();
        assertThat(leases.complete(stale, ready, null, List.of(HostEventDraft.normal("Stale", "")))).isFalse();
        assertThat(leases.release(stale)).isFalse();
        jdbc.sql("update hosts set deletion_requested_at = now() where id = :id").param("id", id).update();
        assertThat(leases.forget(stale, List.of(HostEventDraft.normal("Stale", "")))).isFalse();
        jdbc.sql("update hosts set deletion_requested_at = null where id = :id").param("id", id).update();

        assertThat(row(id)).isEqualTo(before);
        assertThat(count("host_events")).isEqualTo(events);
        assertThat(leaseOwner(id)).isEqualTo(current.token());
        assertThat(leases.progress(current, ready, List.of())).isTrue();
    }

    @Test
    void anExpiredLeaseThatNobodyTookStillHoldsForItsOwner() {
        id(create(teamA, "lucky"));
        Lease lease = leases.claimDue("slow", 1, Duration.ofMillis(1)).getFirst().lease();

        await().atMost(Duration.ofSeconds(2)).until(() -> leases.dueQueue().due() == 1);

        assertThat(leases.renew(lease, MINUTE)).isTrue();
        assertThat(leases.claimDue("other", 1, MINUTE)).isEmpty();
        assertThat(leases.progress(lease, ready(1, Instant.now()), List.of())).isTrue();
    }

    @Test
    void renewMovesTheEndOfTheLeaseFromNow() {
        UUID id = id(create(teamA, "renewed"));
        Lease lease = leases.claimDue("worker", 1, Duration.ofSeconds(5)).getFirst().lease();

        assertThat(leases.renew(lease, Duration.ofHours(1))).isTrue();

        Double secondsLeft = jdbc.sql("select extract(epoch from lease_until - now())::float8 from hosts where id = :id")
                .param("id", id).query(Double.class).single();
        assertThat(secondsLeft).isCloseTo(3600.0, within(5.0));
        assertThat(leaseOwner(id)).isEqualTo(lease.token());
    }

    @Test
    void progressWritesStatusAndPhaseKeepsTheLeaseAndChangesTheEtag() {
        JsonNode host = create(teamA, "in-progress");
        UUID id = id(host);
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        HostStatus provisioning = claimed.status().withPhase(HostPhase.Provisioning).withObservedGeneration(1)
                .withCondition(new Condition(Condition.RESOURCE_GROUP_READY, ConditionStatus.True, "Created", "",
                        Instant.now(), 1));

        assertThat(leases.progress(claimed.lease(), provisioning,
                List.of(HostEventDraft.normal("ResourceGroupCreated", "Resource group created")))).isTrue();

        ApiResponse fetched = api.get("/api/v1/hosts/" + id, teamA);
        assertThat(fetched.json().at("/status/phase").stringValue()).isEqualTo("Provisioning");
        assertThat(fetched.json().at("/status/conditions/0/type").stringValue()).isEqualTo("ResourceGroupReady");
        assertThat(fetched.header("ETag")).isEqualTo("\"2\"");
        assertThat(phaseColumn(id)).isEqualTo("Provisioning");
        assertThat(leaseOwner(id)).isEqualTo(claimed.lease().token());
        assertThat(api.get("/api/v1/hosts?phase=Provisioning", teamA).json().at("/items/0/id").stringValue())
                .isEqualTo(id.toString());
    }

    @Test
    void completeWritesStatusPhaseAndNextReconcileAndReleasesTheLease() {
        JsonNode host = create(teamA, "finished");
        UUID id = id(host);
        String etag = api.get("/api/v1/hosts/" + id, teamA).header("ETag");
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        assertThat(claimed.status()).isEqualTo(HostStatus.initial());
        Instant now = Instant.now();
        Instant next = now.plus(Duration.ofMinutes(10)).plusNanos(789);

        boolean done = leases.complete(claimed.lease(), ready(claimed.generation(), now), next,
                List.of(HostEventDraft.normal("HostReady", "Docker 27.3.1 answers at tcp://h.example:2376")));

        assertThat(done).isTrue();
        ApiResponse fetched = api.get("/api/v1/hosts/" + id, teamA);
        JsonNode status = fetched.json().get("status");
        assertThat(fetched.header("ETag")).isNotEqualTo(etag);
        assertThat(status.get("phase").stringValue()).isEqualTo("Ready");
        assertThat(status.get("observedGeneration").longValue()).isEqualTo(1);
        assertThat(status.at("/conditions/1/type").stringValue()).isEqualTo("Ready");
        assertThat(status.at("/azure/publicIp").stringValue()).isEqualTo("203.0.113.10");
        assertThat(status.at("/docker/serverVersion").stringValue()).isEqualTo("27.3.1");
        assertThat(status.at("/certificates/serverSerial").stringValue()).isEqualTo("5e41a7");
        assertThat(status.has("lastError")).isFalse();
        Instant stored = Instant.parse(status.get("nextReconcileAt").stringValue());
        assertThat(stored).isEqualTo(next.truncatedTo(ChronoUnit.MICROS)).isEqualTo(nextReconcileAt(id));
        assertThat(phaseColumn(id)).isEqualTo("Ready");
        assertThat(leaseOwner(id)).isNull();
        assertThat(jdbc.sql("select lease_until from hosts where id = :id").param("id", id).query(OffsetDateTime.class)
                .optional()).isEmpty();
        assertThat(leases.claimDue("worker", 1, MINUTE)).as("not due for ten minutes").isEmpty();
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(events.size() - 1).get("reason").stringValue()).isEqualTo("HostReady");
        assertThat(events.get(events.size() - 1).get("generation").longValue()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).get("type").stringValue()).isEqualTo("Normal");
    }

    @Test
    void completeWithoutANextTimeLeavesTheHostAloneUntilSomethingAsks() {
        UUID id = id(create(teamA, "parked"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();

        leases.complete(claimed.lease(), claimed.status().withPhase(HostPhase.Failed), null, List.of());

        assertThat(nextReconcileAt(id)).isNull();
        assertThat(leases.claimDue("worker", 1, MINUTE)).isEmpty();
        api.post("/api/v1/hosts/" + id + "/reconcile", teamA, "");
        assertThat(leases.claimDue("worker", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(id);
    }

    @Test
    void aSpecChangeDuringAPassIsNotPostponedByComplete() {
        UUID id = id(create(teamA, "moving-target"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        ApiResponse patched = api.patch("/api/v1/hosts/" + id, teamA, "{\"vmSize\":\"Standard_D2s_v5\"}", Map.of());
        assertThat(patched.json().get("generation").longValue()).isEqualTo(2);

        leases.complete(claimed.lease(), ready(1, Instant.now()), Instant.now().plus(Duration.ofHours(1)),
                List.of(HostEventDraft.normal("HostReady", "")));

        Instant next = nextReconcileAt(id);
        assertThat(next).isBefore(Instant.now().plusSeconds(1));
        assertThat(api.get("/api/v1/hosts/" + id, teamA).json().at("/status/nextReconcileAt").stringValue())
                .isEqualTo(next.toString());
        ClaimedHost again = leases.claimDue("worker", 1, MINUTE).getFirst();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.generation()).isEqualTo(2);
        assertThat(again.spec().vmSize()).isEqualTo("Standard_D2s_v5");
        assertThat(again.status().observedGeneration()).isEqualTo(1);
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(events.size() - 1).get("generation").longValue()).as("the host's current generation")
                .isEqualTo(2);
    }

    @Test
    void aHostThatCompleteLeavesDueIsAnnouncedAgainOnTheChannel() throws Exception {
        UUID id = id(create(teamA, "announced"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        api.patch("/api/v1/hosts/" + id, teamA, "{\"paused\":true}", Map.of());
        try (Connection listener = DriverManager.getConnection(TestDatabase.jdbcUrl())) {
            listener.createStatement().execute("LISTEN dockyard_hosts");

            leases.complete(claimed.lease(), ready(1, Instant.now()), Instant.now().plus(Duration.ofHours(1)), List.of());

            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(received).extracting(PGNotification::getParameter).containsExactly(id.toString());
        }
    }

    @Test
    void aReconcileRequestDuringAPassIsNotPostponedByComplete() {
        UUID id = id(create(teamA, "impatient"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        api.post("/api/v1/hosts/" + id + "/reconcile", teamA, "");

        leases.complete(claimed.lease(), ready(1, Instant.now()), Instant.now().plus(Duration.ofHours(1)), List.of());

        assertThat(leases.claimDue("worker", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(id);
    }

    @Test
    void aDeleteRequestDuringAPassKeepsThePhaseDeletingAndTheHostDue() {
        UUID id = id(create(teamA, "doomed"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        assertThat(api.delete("/api/v1/hosts/" + id, teamA).status()).isEqualTo(202);

        leases.complete(claimed.lease(), ready(1, Instant.now()), Instant.now().plus(Duration.ofHours(1)), List.of());

        assertThat(api.get("/api/v1/hosts/" + id, teamA).json().at("/status/phase").stringValue()).isEqualTo("Deleting");
        assertThat(phaseColumn(id)).isEqualTo("Deleting");
        ClaimedHost again = leases.claimDue("worker", 1, MINUTE).getFirst();
        assertThat(again.deletionRequested()).isTrue();
        assertThat(again.status().phase()).isEqualTo(HostPhase.Deleting);
    }

    @Test
    void forgetDeletesTheHostButKeepsItsEvents() {
        UUID id = id(create(teamA, withSecrets("short-lived")));
        api.delete("/api/v1/hosts/" + id, teamA);
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        assertThat(claimed.deletionRequested()).isTrue();

        assertThat(leases.forget(claimed.lease(),
                List.of(HostEventDraft.normal("Deprovisioned", "Resource group deleted; certificates revoked")))).isTrue();

        assertThat(api.get("/api/v1/hosts/" + id, teamA).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from host_secrets where host_id = :id").param("id", id).query(Long.class)
                .single()).isZero();
        ApiResponse events = api.get("/api/v1/hosts/" + id + "/events", teamA);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().get("items")).extracting(e -> e.get("reason").stringValue())
                .containsExactly("Created", "DeletionRequested", "Deprovisioned");
        assertThat(leases.forget(claimed.lease(), List.of())).as("already gone").isFalse();
    }

    @Test
    void forgetRefusesAHostWhoseDeletionWasNeverRequested() {
        UUID id = id(create(teamA, "keeper"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        long events = count("host_events");

        assertThatThrownBy(() -> leases.forget(claimed.lease(), List.of(HostEventDraft.normal("Deprovisioned", ""))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(api.get("/api/v1/hosts/" + id, teamA).status()).isEqualTo(200);
        assertThat(count("host_events")).isEqualTo(events);
    }

    @Test
    void aForceDeletedHostFencesOutThePassThatWasWorkingOnIt() {
        UUID id = id(create(teamA, "forced"));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        assertThat(api.delete("/api/v1/hosts/" + id + "?force=true", admin).status()).isEqualTo(204);

        assertThat(leases.renew(claimed.lease(), MINUTE)).isFalse();
        assertThat(leases.progress(claimed.lease(), ready(1, Instant.now()), List.of())).isFalse();
        assertThat(leases.complete(claimed.lease(), ready(1, Instant.now()), null, List.of())).isFalse();
        assertThat(count("hosts")).isZero();
    }

    @Test
    void claimsComeWithTheirSecretsDecryptedButToStringNeverPrintsThem() {
        UUID id = id(create(teamA, withSecrets("secretive")));

        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();

        assertThat(claimed.id()).isEqualTo(id);
        assertThat(claimed.team()).isEqualTo("team-a");
        assertThat(claimed.name()).isEqualTo("secretive");
        assertThat(claimed.location()).isEqualTo("westeurope");
        assertThat(claimed.spec().docker().registryLogins()).extracting(HostSpec.RegistryLogin::server)
                .containsExactly("Acme.azurecr.io");
        assertThat(claimed.secrets().registryPassword("Acme.azurecr.io")).contains(PASSWORD);
        assertThat(claimed.secrets().environment()).containsExactly(Map.entry("API_KEY", ENV_VALUE));
        assertThat(claimed.toString()).contains("Acme.azurecr.io", "API_KEY")
                .doesNotContain(PASSWORD).doesNotContain(ENV_VALUE);
        assertThat(claimed.secrets().toString()).doesNotContain(PASSWORD).doesNotContain(ENV_VALUE);
    }

    @Test
    void secretValuesAndPrivateKeysNeverReachEventsOrStatus() {
        UUID id = id(create(teamA, withSecrets("leaky")));
        ClaimedHost claimed = leases.claimDue("worker", 1, MINUTE).getFirst();
        String key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----";
        HostStatus failed = claimed.status().withPhase(HostPhase.Failed).withFailure(new LastError(
                "VMExtensionProvisioningError", "Enable failed: echo " + PASSWORD + " | docker login; " + key, false,
                Instant.now()));

        leases.complete(claimed.lease(), failed, null,
                List.of(HostEventDraft.warning("DockerInstallFailed", "exit 1: API_KEY=" + ENV_VALUE)));

        ApiResponse fetched = api.get("/api/v1/hosts/" + id, teamA);
        ApiResponse events = api.get("/api/v1/hosts/" + id + "/events", teamA);
        assertThat(fetched.json().at("/status/lastError/message").stringValue())
                .isEqualTo("Enable failed: echo [redacted] | docker login; [redacted]");
        assertThat(events.body()).contains("exit 1: API_KEY=[redacted]");
        String raw = jdbc.sql("select (select string_agg(h::text, '|') from hosts h) || (select string_agg(e::text, '|')"
                + " from host_events e)").query(String.class).single();
        assertThat(raw).doesNotContain(PASSWORD).doesNotContain(ENV_VALUE).doesNotContain("MIGHAgEAMBMG");
    }

    @Test
    void aHostWhoseSecretsDoNotOpenIsSetAsideWithoutBlockingTheQueue() {
        UUID broken = id(create(teamA, withSecrets("broken")));
        UUID healthy = id(create(teamA, "healthy"));
        jdbc.sql("update host_secrets set ciphertext = decode('00112233445566778899aabbccddeeff00', 'hex')"
                + " where host_id = :id").param("id", broken).update();

        List<ClaimedHost> claimed = leases.claimDue("worker", 10, MINUTE);

        assertThat(claimed).extracting(ClaimedHost::id).containsExactly(healthy);
        assertThat(leaseOwner(broken)).isNull();
        assertThat(nextReconcileAt(broken)).isAfter(Instant.now().plusSeconds(50));
    }

    @Test
    void releaseGivesTheHostBackDueAtOnce() {
        UUID id = id(create(teamA, "handed-back"));
        ClaimedHost claimed = leases.claimDue("stopping", 1, MINUTE).getFirst();
        assertThat(nextReconcileAt(id)).as("the claim consumed the wake-up").isNull();

        assertThat(leases.release(claimed.lease())).isTrue();

        assertThat(leases.claimDue("successor", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(id);
    }

    @Test
    void dueQueueReportsCountAndOldestAgeAndClaimsTakeTheMostOverdueFirst() {
        UUID oldest = id(create(teamA, "oldest"));
        UUID older = id(create(teamA, "older"));
        UUID recent = id(create(teamA, "recent"));
        UUID future = id(create(teamA, "future"));
        dueIn(oldest, "-30 seconds");
        dueIn(older, "-10 seconds");
        dueIn(recent, "-5 seconds");
        dueIn(future, "1 hour");
        DueQueue all = leases.dueQueue();
        assertThat(all.due()).isEqualTo(3);
        assertThat(all.oldestDueAge()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(35));
        assertThat(all.inFlight()).isZero();

        assertThat(leases.claimDue("worker", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(oldest);

        DueQueue afterClaim = leases.dueQueue();
        assertThat(afterClaim.due()).isEqualTo(2);
        assertThat(afterClaim.oldestDueAge()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));
        assertThat(afterClaim.inFlight()).isEqualTo(1);

        jdbc.sql("update hosts set lease_until = now() - interval '20 seconds' where id = :id").param("id", oldest).update();
        DueQueue expired = leases.dueQueue();
        assertThat(expired.due()).isEqualTo(3);
        assertThat(expired.oldestDueAge()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(25));
        assertThat(expired.inFlight()).isZero();

        jdbc.sql("update hosts set next_reconcile_at = null, lease_owner = null, lease_until = null").update();
        assertThat(leases.dueQueue()).isEqualTo(new DueQueue(0, Duration.ZERO, 0));
    }

    @Test
    void hostsUnderWayAreClaimedBeforeNewOnesThatWaitedLonger() {
        UUID fresh = id(create(teamA, "fresh"));
        UUID started = id(create(teamA, "started"));
        dueIn(fresh, "-30 seconds");
        dueIn(started, "-1 second");
        jdbc.sql("update hosts set phase = 'Provisioning' where id = :id").param("id", started).update();

        assertThat(leases.claimDue("worker", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(started);
        assertThat(leases.claimDue("worker", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(fresh);
    }

    @Test
    void claimNewTakesOnlyHostsNoPassHasTakenYetTheLongestWaitingFirst() {
        UUID started = id(create(teamA, "started"));
        UUID older = id(create(teamA, "older"));
        UUID newer = id(create(teamA, "newer"));
        dueIn(started, "-60 seconds");
        dueIn(older, "-30 seconds");
        dueIn(newer, "-1 second");
        jdbc.sql("update hosts set phase = 'Provisioning' where id = :id").param("id", started).update();

        assertThat(leases.claimNew("worker", 1, MINUTE)).extracting(ClaimedHost::id).containsExactly(older);
        assertThat(leases.claimNew("worker", 5, MINUTE)).extracting(ClaimedHost::id).containsExactly(newer);
        assertThat(leases.claimNew("worker", 5, MINUTE)).isEmpty();
        assertThat(leases.claimDue("worker", 5, MINUTE)).extracting(ClaimedHost::id).containsExactly(started);
    }

    @Test
    void untilNextDueIsTheWaitForTheEarliestHostNotYetDue() {
        assertThat(leases.untilNextDue()).isEmpty();
        UUID soon = id(create(teamA, "soon"));
        UUID later = id(create(teamA, "later"));
        UUID overdue = id(create(teamA, "overdue"));
        dueIn(soon, "3 seconds");
        dueIn(later, "40 seconds");
        dueIn(overdue, "-5 seconds");

        assertThat(leases.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMillis(2000), Duration.ofSeconds(3)));
        jdbc.sql("update hosts set next_reconcile_at = null where id = :id").param("id", soon).update();
        assertThat(leases.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(39), Duration.ofSeconds(40)));
    }

    private HostStatus ready(long generation, Instant now) {
        return HostStatus.initial()
                .withPhase(HostPhase.Ready)
                .withObservedGeneration(generation)
                .withCondition(new Condition(Condition.VIRTUAL_MACHINE_READY, ConditionStatus.True, "Running",
                        "VM is running", now, generation))
                .withCondition(new Condition(Condition.READY, ConditionStatus.True, "AllReady", "", now, generation))
                .withAzure(new AzureStatus("dockyard-h1", "/subscriptions/s1/resourceGroups/dockyard-h1/providers/"
                        + "Microsoft.Compute/virtualMachines/h1", "2f9c7e1a", "203.0.113.10",
                        "h1.westeurope.cloudapp.azure.com", "10.0.0.4", "running"))
                .withDocker(new DockerStatus("tcp://h1.westeurope.cloudapp.azure.com:2376", "27.3.1", now, null))
                .withCertificates(new CertificateStatus("5e41a7", now.plus(Duration.ofDays(90)), "ab:cd:ef",
                        now.plus(Duration.ofDays(3650))))
                .withLastReconcileAt(now)
                .withSuccess();
    }

    private ObjectNode withSecrets(String name) {
        return specWithSecrets(name, "Acme.azurecr.io", PASSWORD, ENV_VALUE);
    }

    private static UUID id(JsonNode host) {
        return UUID.fromString(host.get("id").stringValue());
    }

    private void dueIn(UUID id, String interval) {
        jdbc.sql("update hosts set next_reconcile_at = now() + cast(:interval as interval) where id = :id")
                .param("interval", interval).param("id", id).update();
    }

    private String leaseOwner(UUID id) {
        return jdbc.sql("select lease_owner from hosts where id = :id").param("id", id).query(String.class).optional()
                .orElse(null);
    }

    private String phaseColumn(UUID id) {
        return jdbc.sql("select phase from hosts where id = :id").param("id", id).query(String.class).single();
    }

    private Instant nextReconcileAt(UUID id) {
        return jdbc.sql("select next_reconcile_at from hosts where id = :id").param("id", id)
                .query((rs, n) -> {
                    OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                    return t == null ? null : t.toInstant();
                }).list().getFirst();
    }

    /** Everything about the row except the lease columns, as text. */
    private String row(UUID id) {
        return jdbc.sql("select (spec::text, status::text, phase, version, generation, updated_at,"
                + " deletion_requested_at)::text from hosts where id = :id").param("id", id).query(String.class).single();
    }
}
