package io.dockyard.hosts;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class HostLifecycleTest extends ApiTestSupport {

    @Test
    void createsHostWithDefaultsPendingStatusAndLocation() {
        ApiResponse response = api.post("/api/v1/hosts", teamA, spec("build-01").toString());

        assertThat(response.status()).isEqualTo(201);
        JsonNode host = response.json();
        String id = host.get("id").stringValue();
        assertThat(response.header("Location")).isEqualTo("/api/v1/hosts/" + id);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(host.get("team").stringValue()).isEqualTo("team-a");
        assertThat(host.get("generation").longValue()).isEqualTo(1);
        assertThat(host.at("/status/phase").stringValue()).isEqualTo("Pending");
        assertThat(host.at("/status/conditions").isEmpty()).isTrue();
        assertThat(host.at("/spec/vmSize").stringValue()).isEqualTo("Standard_B2s");
        assertThat(host.at("/spec/image").stringValue()).isEqualTo("ubuntu-24.04");
        assertThat(host.at("/spec/osDiskSizeGb").intValue()).isEqualTo(64);
        assertThat(host.at("/spec/adminUsername").stringValue()).isEqualTo("azureuser");
        assertThat(host.at("/spec/docker/port").intValue()).isEqualTo(2376);
        assertThat(host.at("/spec/network/sshAccess").booleanValue()).isFalse();
        assertThat(host.get("deletionRequestedAt").isNull()).isTrue();

        ApiResponse fetched = api.get("/api/v1/hosts/" + id, teamA);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(host);
        assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void createSchedulesReconcileAndNotifies() throws Exception {
        try (Connection listener = DriverManager.getConnection(TestDatabase.jdbcUrl())) {
            listener.createStatement().execute("LISTEN dockyard_hosts");
            String id = create(teamA, "notify-me").get("id").stringValue();

            List<String> ids = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5000;
            while (ids.isEmpty() && System.currentTimeMillis() < deadline) {
                PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(500);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        ids.add(n.getParameter());
                    }
                }
            }
            assertThat(ids).contains(id);
            Boolean due = jdbc.sql("select next_reconcile_at <= now() from hosts where id = :id")
                    .param("id", UUID.fromString(id)).query(Boolean.class).single();
            assertThat(due).isTrue();
        }
    }

    @Test
    void patchMergesSpecBumpsGenerationAndRecordsEvent() {
        JsonNode host = create(teamA, "resize-me");
        String id = host.get("id").stringValue();

        ApiResponse patched = api.patch("/api/v1/hosts/" + id, teamA,
                "{\"vmSize\":\"Standard_D2s_v5\",\"tags\":{\"cost-center\":\"42\"},\"osDiskSizeGb\":128}", Map.of());

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("generation").longValue()).isEqualTo(2);
        assertThat(patched.json().at("/spec/vmSize").stringValue()).isEqualTo("Standard_D2s_v5");
        assertThat(patched.json().at("/spec/tags/cost-center").stringValue()).isEqualTo("42");
        assertThat(patched.json().at("/spec/osDiskSizeGb").intValue()).isEqualTo(128);
        assertThat(patched.json().at("/spec/network/allowedSourceRanges/0").stringValue()).isEqualTo("203.0.113.0/24");
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");

        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("reason").stringValue()).isEqualTo("Created");
        assertThat(events.get(1).get("reason").stringValue()).isEqualTo("SpecUpdated");
        assertThat(events.get(1).get("message").stringValue()).contains("vmSize", "tags", "osDiskSizeGb");
        assertThat(events.get(1).get("generation").longValue()).isEqualTo(2);
    }

    @Test
    void patchThatChangesNothingKeepsGeneration() {
        String id = create(teamA, "steady").get("id").stringValue();

        ApiResponse patched = api.patch("/api/v1/hosts/" + id, teamA, "{\"vmSize\":\"Standard_B2s\"}", Map.of());

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("generation").longValue()).isEqualTo(1);
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items")).hasSize(1);
    }

    @Test
    void patchWithStaleIfMatchIsRefusedWith412() {
        String id = create(teamA, "contended").get("id").stringValue();
        api.patch("/api/v1/hosts/" + id, teamA, "{\"paused\":true}", ifMatch("\"1\""));

        ApiResponse stale = api.patch("/api/v1/hosts/" + id, teamA, "{\"paused\":false}", ifMatch("\"1\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        JsonNode current = api.get("/api/v1/hosts/" + id, teamA).json();
        assertThat(current.at("/spec/paused").booleanValue()).isTrue();
        assertThat(current.get("generation").longValue()).isEqualTo(2);
    }

    @Test
    void patchWithCurrentIfMatchSucceeds() {
        String id = create(teamA, "matching").get("id").stringValue();

        ApiResponse ok = api.patch("/api/v1/hosts/" + id, teamA, "{\"paused\":true}", ifMatch("\"1\""));

        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void refusesChangesToImmutableFieldsWith422() {
        String id = create(teamA, "fixed").get("id").stringValue();

        for (String patch : List.of("{\"name\":\"renamed\"}", "{\"location\":\"eastus\"}", "{\"image\":\"ubuntu-22.04\"}",
                "{\"adminUsername\":\"someone\"}", "{\"sshPublicKeys\":[\"" + io.dockyard.support.SshKeys.ed25519() + "\"]}",
                "{\"osDiskSizeGb\":32}")) {
            ApiResponse refused = api.patch("/api/v1/hosts/" + id, teamA, patch, Map.of());
            assertThat(refused.status()).as(patch).isEqualTo(422);
            String field = patch.substring(2, patch.indexOf('"', 2));
            assertThat(refused.json().at("/errors/0/pointer").stringValue()).isEqualTo("/" + field);
        }
        assertThat(api.get("/api/v1/hosts/" + id, teamA).json().get("generation").longValue()).isEqualTo(1);
    }

    @Test
    void refusesTakenNameInSameTeamButAllowsItInAnother() {
        create(teamA, "shared-name");

        ApiResponse taken = api.post("/api/v1/hosts", teamA, spec("shared-name").toString());
        ApiResponse otherTeam = api.post("/api/v1/hosts", teamB, spec("shared-name").toString());

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("detail").stringValue()).contains("shared-name");
        assertThat(otherTeam.status()).isEqualTo(201);
        assertThat(count("hosts")).isEqualTo(2);
    }

    @Test
    void deleteMarksHostDeletingAndIsRepeatable() {
        String id = create(teamA, "short-lived").get("id").stringValue();

        ApiResponse first = api.delete("/api/v1/hosts/" + id, teamA);
        ApiResponse second = api.delete("/api/v1/hosts/" + id, teamA);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("deletionRequestedAt").isNull()).isFalse();
        assertThat(first.json().at("/status/phase").stringValue()).isEqualTo("Deleting");
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("deletionRequestedAt")).isEqualTo(first.json().get("deletionRequestedAt"));
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events).extracting(e -> e.get("reason").stringValue()).containsExactly("Created", "DeletionRequested");
        ApiResponse patch = api.patch("/api/v1/hosts/" + id, teamA, "{\"paused\":true}", Map.of());
        assertThat(patch.status()).isEqualTo(409);
    }

    @Test
    void deletingHostFreesItsNameForANewHost() {
        String id = create(teamA, "reborn").get("id").stringValue();
        api.delete("/api/v1/hosts/" + id, teamA);

        ApiResponse again = api.post("/api/v1/hosts", teamA, spec("reborn").toString());

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").stringValue()).isNotEqualTo(id);
    }

    @Test
    void forceDeleteForgetsHostButKeepsItsEventsForAdmins() {
        String id = create(teamA, "forgotten").get("id").stringValue();

        ApiResponse byUser = api.delete("/api/v1/hosts/" + id + "?force=true", teamA);
        ApiResponse byAdmin = api.delete("/api/v1/hosts/" + id + "?force=true", admin);

        assertThat(byUser.status()).isEqualTo(403);
        assertThat(byAdmin.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/hosts/" + id, teamA).status()).isEqualTo(404);
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(events.size() - 1).get("reason").stringValue()).isEqualTo("ForceDeleted");
        assertThat(events.get(events.size() - 1).get("type").stringValue()).isEqualTo("Warning");
        assertThat(api.get("/api/v1/hosts/" + id + "/events", teamB).status()).isEqualTo(404);
    }

    @Test
    void reconcileRequestSchedulesHostNowAndRecordsEvent() {
        String id = create(teamA, "poke-me").get("id").stringValue();
        jdbc.sql("update hosts set next_reconcile_at = now() + interval '1 hour' where id = :id")
                .param("id", UUID.fromString(id)).update();

        ApiResponse response = api.post("/api/v1/hosts/" + id + "/reconcile", teamA, null);

        assertThat(response.status()).isEqualTo(202);
        Boolean due = jdbc.sql("select next_reconcile_at <= now() from hosts where id = :id")
                .param("id", UUID.fromString(id)).query(Boolean.class).single();
        assertThat(due).isTrue();
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(1).get("reason").stringValue()).isEqualTo("ReconcileRequested");
    }

    @Test
    void idempotentCreateReplaysFirstAnswer() {
        ObjectNode body = spec("once-only");
        Map<String, String> key = Map.of("Idempotency-Key", "3f1c0b9e-6f53-4a8b-9d2c-0d8b8f1a7c11");

        ApiResponse first = api.post("/api/v1/hosts", teamA, body.toString(), key);
        ApiResponse replay = api.post("/api/v1/hosts", teamA, body.toString(), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(count("hosts")).isEqualTo(1);
    }

    @Test
    void idempotencyKeyReusedWithAnotherBodyIs422AndStoresNothing() {
        Map<String, String> key = Map.of("Idempotency-Key", "key-reused-0001");
        api.post("/api/v1/hosts", teamA, spec("first-body").toString(), key);

        ApiResponse reused = api.post("/api/v1/hosts", teamA, spec("second-body").toString(), key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").stringValue()).endsWith("/idempotency-key-reused");
        assertThat(count("hosts")).isEqualTo(1);
    }

    @Test
    void idempotentReplayIgnoresFieldOrder() {
        Map<String, String> key = Map.of("Idempotency-Key", "order-insensitive");
        String a = "{\"name\":\"ordered\",\"location\":\"westeurope\",\"sshPublicKeys\":[\"" + SSH_KEY
                + "\"],\"network\":{\"allowedSourceRanges\":[\"203.0.113.0/24\"]}}";
        String b = "{\"network\":{\"allowedSourceRanges\":[\"203.0.113.0/24\"]},\"sshPublicKeys\":[\"" + SSH_KEY
                + "\"],\"location\":\"westeurope\",\"name\":\"ordered\"}";

        assertThat(api.post("/api/v1/hosts", teamA, a, key).status()).isEqualTo(201);
        ApiResponse replay = api.post("/api/v1/hosts", teamA, b, key);

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void failedCreateLeavesIdempotencyKeyFree() {
        Map<String, String> key = Map.of("Idempotency-Key", "retry-after-fix");
        ObjectNode bad = spec("fixable");
        bad.put("location", "mars");

        assertThat(api.post("/api/v1/hosts", teamA, bad.toString(), key).status()).isEqualTo(400);
        assertThat(count("idempotency_keys")).isZero();
    }

    @Test
    void adminMayCreateForAnotherTeam() {
        ObjectNode body = spec("for-team-b");
        body.put("team", "team-b");

        JsonNode host = create(admin, body);

        assertThat(host.get("team").stringValue()).isEqualTo("team-b");
        assertThat(api.get("/api/v1/hosts/" + host.get("id").stringValue(), teamB).status()).isEqualTo(200);
    }

    @Test
    void catalogListsChoicesAndDefaults() {
        ApiResponse catalog = api.get("/api/v1/catalog", teamA);

        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.json().get("locations")).extracting(JsonNode::stringValue).contains("westeurope", "eastus");
        assertThat(catalog.json().at("/defaults/vmSize").stringValue()).isEqualTo("Standard_B2s");
        assertThat(catalog.json().get("images")).extracting(i -> i.get("alias").stringValue())
                .contains("ubuntu-24.04", "ubuntu-22.04");
    }
}
