package io.dockyard.audit;

import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.NewApiToken;
import io.dockyard.security.Role;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail through the API on real PostgreSQL. The table is shared by every test of the JVM and is never
 * emptied (it is append-only), so each test acts as a team of its own and looks only at its own records.
 */
class AuditTrailTest extends ApiTestSupport {

    private static final String PASSWORD = "audit-registry-pa55word-51c0";
    private static final String ENV_VALUE = "audit-env-secret-value-8e44";

    @Autowired
    TransactionTemplate transactions;

    private String team;
    private String user;
    private String userSubject;
    private String adminSubject;

    @BeforeEach
    void ownTeam() {
        team = "audit-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36);
        user = token(team, Role.USER);
        userSubject = subject(user);
        adminSubject = subject(admin);
    }

    @Test
    void everyHostActionLeavesExactlyOneRecordWithPrincipalTeamAndRequestId() {
        ApiResponse created = api.post("/api/v1/hosts", user, withSecrets("audited").toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        String hostPath = "/api/v1/hosts/" + id;
        ApiResponse patched = api.patch(hostPath, user, "{\"vmSize\":\"Standard_D2s_v5\",\"docker\":{\"environment\":"
                + "{\"API_KEY\":\"" + ENV_VALUE + "-2\"}}}", Map.of());
        ApiResponse reconcile = api.post(hostPath + "/reconcile", user, null);
        ApiResponse issued = api.post(hostPath + "/client-certificates", user, "{\"ttl\":\"PT2H\"}");
        String serial = issued.json().get("serial").stringValue();
        ApiResponse revoked = api.delete(hostPath + "/client-certificates/" + serial, user);
        ApiResponse rotated = api.post(hostPath + "/rotate-certificates", user, null);
        ApiResponse deleted = api.delete(hostPath, user);
        assertThat(List.of(patched, reconcile, issued, revoked, rotated, deleted))
                .allSatisfy(r -> assertThat(r.status()).as(r.body()).isBetween(200, 299));

        assertRecord(created, "host.created", id, d -> {
            assertThat(d.get("name").stringValue()).isEqualTo("audited");
            assertThat(d.get("generation").intValue()).isEqualTo(1);
        });
        assertRecord(patched, "host.updated", id, d -> {
            assertThat(d.get("changedFields")).extracting(JsonNode::stringValue)
                    .containsExactly("vmSize", "docker.environment");
            assertThat(d.get("generation").intValue()).isEqualTo(2);
        });
        assertRecord(reconcile, "host.reconcile-requested", id, d -> { });
        assertRecord(issued, "host.client-certificate.issued", id, d -> {
            assertThat(d.get("serial").stringValue()).isEqualTo(serial);
            assertThat(d.get("ttl").stringValue()).isEqualTo("PT2H");
            assertThat(d.get("notAfter").stringValue()).isEqualTo(issued.json().get("notAfter").stringValue());
        });
        assertRecord(revoked, "host.client-certificate.revoked", id,
                d -> assertThat(d.get("serial").stringValue()).isEqualTo(serial));
        assertRecord(rotated, "host.client-ca.rotated", id, d -> {
            assertThat(d.get("caSerial").stringValue()).isEqualTo(rotated.json().get("serial").stringValue());
            assertThat(d.get("caGeneration").intValue()).isEqualTo(rotated.json().get("generation").intValue());
        });
        assertRecord(deleted, "host.deletion-requested", id, d -> { });
        assertThat(records("principal=" + userSubject)).hasSize(7);

        String everything = rawRecords();
        assertThat(everything).doesNotContain(PASSWORD).doesNotContain(ENV_VALUE).doesNotContain("PRIVATE KEY")
                .doesNotContain(issued.json().get("keyPem").stringValue().lines().skip(1).findFirst().orElseThrow())
                .doesNotContain(user);
    }

    @Test
    void forceDeleteIsRecordedWithTheAdminAsPrincipalAndTheHostsTeamAsTarget() {
        String id = create(user, spec("forgotten")).get("id").stringValue();

        ApiResponse forced = api.delete("/api/v1/hosts/" + id + "?force=true", admin);

        assertThat(forced.status()).as(forced.body()).isEqualTo(204);
        JsonNode record = single("requestId", forced.header("X-Request-Id"), "targetId=" + id);
        assertThat(record.get("action").stringValue()).isEqualTo("host.force-deleted");
        assertThat(record.get("principal").stringValue()).isEqualTo(adminSubject);
        assertThat(record.get("principalTeams")).extracting(JsonNode::stringValue).containsExactly("platform");
        assertThat(record.get("targetTeam").stringValue()).isEqualTo(team);
        assertThat(record.at("/details/name").stringValue()).isEqualTo("forgotten");
    }

    @Test
    void tokenCreationAndRevocationAreRecordedWithoutTheTokenValue() {
        ApiResponse created = api.post("/api/v1/tokens", admin,
                "{\"team\":\"" + team + "\",\"role\":\"user\",\"description\":\"ci of " + team + "\"}");
        String tokenId = created.json().get("id").stringValue();
        String secret = created.json().get("token").stringValue();
        ApiResponse revoked = api.delete("/api/v1/tokens/" + tokenId, admin);
        ApiResponse again = api.delete("/api/v1/tokens/" + tokenId, admin);
        assertThat(again.status()).isEqualTo(204);

        JsonNode issuedRecord = single("requestId", created.header("X-Request-Id"), "targetId=" + tokenId);
        assertThat(issuedRecord.get("action").stringValue()).isEqualTo("token.created");
        assertThat(issuedRecord.get("principal").stringValue()).isEqualTo(adminSubject);
        assertThat(issuedRecord.get("targetType").stringValue()).isEqualTo("token");
        assertThat(issuedRecord.get("targetTeam").stringValue()).isEqualTo(team);
        assertThat(issuedRecord.at("/details/role").stringValue()).isEqualTo("user");
        assertThat(issuedRecord.at("/details/description").stringValue()).isEqualTo("ci of " + team);
        JsonNode revokedRecord = single("requestId", revoked.header("X-Request-Id"), "targetId=" + tokenId);
        assertThat(revokedRecord.get("action").stringValue()).isEqualTo("token.revoked");
        assertThat(records("targetId=" + tokenId)).as("revoking twice is one change").hasSize(2);
        String raw = jdbc.sql("select string_agg(a::text, '|') from audit_records a where target_id = :id")
                .param("id", tokenId).query(String.class).single();
        assertThat(raw).doesNotContain(secret).doesNotContain(secret.substring(3, 9));
    }

    @Test
    void tokensMintedOutsideARequestNameTheirCreatorAndNoRequest() {
        var issued = tokens.issue(new NewApiToken(team, Role.USER, "startup", null), "local-mode");

        JsonNode record = records("targetId=" + issued.token().id()).getFirst();
        assertThat(record.get("principal").stringValue()).isEqualTo("local-mode");
        assertThat(record.get("principalTeams")).isEmpty();
        assertThat(record.get("requestId").isNull()).isTrue();
    }

    @Test
    void refusedAndRepeatedRequestsLeaveNoRecord() {
        JsonNode host = create(user, spec("steady"));
        String id = host.get("id").stringValue();
        String hostPath = "/api/v1/hosts/" + id;
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        ApiResponse first = api.post("/api/v1/hosts", user, spec("keyed").toString(), key);
        List<ApiResponse> refused = List.of(
                api.post("/api/v1/hosts", user, "{\"name\":\"Bad Name\",\"location\":\"mars\"}"),
                api.post("/api/v1/hosts", user, spec("steady").toString()),
                api.patch(hostPath, user, "{\"location\":\"northeurope\"}", Map.of()),
                api.patch(hostPath, user, "{\"vmSize\":\"Standard_D2s_v5\"}", ifMatch("\"99\"")),
                api.delete(hostPath + "?force=true", user),
                api.post(hostPath + "/client-certificates", user, "{\"ttl\":\"P400D\"}"),
                api.post("/api/v1/hosts/" + id + "/reconcile", teamB, null));
        ApiResponse replayed = api.post("/api/v1/hosts", user, spec("keyed").toString(), key);
        ApiResponse unchanged = api.patch(hostPath, user, "{\"vmSize\":\"" + host.at("/spec/vmSize").stringValue()
                + "\"}", Map.of());

        assertThat(refused).extracting(ApiResponse::status).containsExactly(400, 409, 422, 412, 403, 400, 404);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(unchanged.status()).isEqualTo(200);
        for (ApiResponse response : refused) {
            assertThat(countForRequest(response.header("X-Request-Id"))).as(response.body()).isZero();
        }
        assertThat(countForRequest(replayed.header("X-Request-Id"))).isZero();
        assertThat(countForRequest(unchanged.header("X-Request-Id"))).isZero();
        assertThat(countForRequest(first.header("X-Request-Id"))).isOne();
        assertThat(records("team=" + team)).extracting(r -> r.get("action").stringValue())
                .containsExactlyInAnyOrder("token.created", "host.created", "host.created");
    }

    @Test
    void aRolledBackChangeTakesItsRecordWithIt() {
        UUID tokenId = transactions.execute(tx -> {
            UUID id = tokens.issue(new NewApiToken(team, Role.USER, "rolled back", null), "test").token().id();
            tx.setRollbackOnly();
            return id;
        });

        assertThat(jdbc.sql("select count(*) from audit_records where target_id = :id")
                .param("id", tokenId.toString()).query(Long.class).single()).isZero();
    }

    @Test
    void onlyAdminsReadTheTrail() {
        ApiResponse asUser = api.get("/api/v1/audit", user);
        ApiResponse anonymous = api.get("/api/v1/audit", null);

        assertThat(asUser.status()).isEqualTo(403);
        assertThat(asUser.json().get("type").stringValue()).isEqualTo("https://dockyard.io/problems/forbidden");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit", admin).status()).isEqualTo(200);
    }

    @Test
    void filtersCombineAndPagesWalkNewestFirstWithoutGapsOrRepeats() {
        String other = token(team + "-b", Role.USER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(user, spec("host-" + i)).get("id").stringValue());
        }
        create(other, spec("elsewhere"));
        api.patch("/api/v1/hosts/" + ids.get(2), user, "{\"vmSize\":\"Standard_D2s_v5\"}", Map.of());

        // The team's token (minted in setup) is a record about the team as well.
        List<JsonNode> all = records("team=" + team);
        assertThat(all).extracting(r -> r.get("action").stringValue()).containsExactly("host.updated",
                "host.created", "host.created", "host.created", "host.created", "host.created", "token.created");
        assertThat(all).extracting(r -> r.get("id").longValue()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(records("team=" + team + "-b")).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("targetTeam").stringValue()).isEqualTo(team + "-b"));
        assertThat(records("team=" + team + "&action=host.updated")).singleElement()
                .satisfies(r -> assertThat(r.get("targetId").stringValue()).isEqualTo(ids.get(2)));
        assertThat(records("targetId=" + ids.get(2))).hasSize(2);
        assertThat(records("principal=" + enc(userSubject) + "&action=host.created")).hasSize(5);
        String third = all.get(3).get("at").stringValue();
        String first = all.get(6).get("at").stringValue();
        assertThat(records("team=" + team + "&from=" + enc(third)))
                .allSatisfy(r -> assertThat(Instant.parse(r.get("at").stringValue())).isAfterOrEqualTo(third))
                .extracting(r -> r.get("id").longValue()).contains(all.get(3).get("id").longValue());
        assertThat(records("team=" + team + "&from=" + enc(first) + "&to=" + enc(third)))
                .extracting(r -> r.get("id").longValue()).doesNotContain(all.get(3).get("id").longValue())
                .contains(all.get(6).get("id").longValue());

        List<Long> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/audit?team=" + team + "&limit=4"
                    + (cursor == null ? "" : "&cursor=" + cursor), admin).json();
            page.get("items").forEach(r -> walked.add(r.get("id").longValue()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(walked).containsExactlyElementsOf(all.stream().map(r -> r.get("id").longValue()).toList());
    }

    @Test
    void badFiltersAreRefusedWithTheParameterNamed() {
        assertBadParameter("action=host.exploded", "action");
        assertBadParameter("from=yesterday", "from");
        assertBadParameter("from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "to");
        assertBadParameter("limit=0", "limit");
        assertBadParameter("limit=201", "limit");
        assertBadParameter("cursor=bm90LWEtY3Vyc29y", "cursor");
        assertBadParameter("principal=" + "x".repeat(201), "principal");
    }

    private void assertBadParameter(String query, String parameter) {
        ApiResponse response = api.get("/api/v1/audit?" + query, admin);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.json().get("detail").stringValue()).contains("'" + parameter + "'");
    }

    private void assertRecord(ApiResponse response, String action, String hostId,
            java.util.function.Consumer<JsonNode> details) {
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        JsonNode record = single("requestId", requestId, "targetId=" + hostId);
        assertThat(record.get("action").stringValue()).isEqualTo(action);
        assertThat(record.get("principal").stringValue()).isEqualTo(userSubject);
        assertThat(record.get("principalTeams")).extracting(JsonNode::stringValue).containsExactly(team);
        assertThat(record.get("targetType").stringValue()).isEqualTo("host");
        assertThat(record.get("targetTeam").stringValue()).isEqualTo(team);
        assertThat(record.get("outcome").stringValue()).isEqualTo("succeeded");
        assertThat(record.get("at").stringValue()).isNotBlank();
        details.accept(record.get("details"));
        assertThat(countForRequest(requestId)).isOne();
    }

    /** The one record among {@code query}'s whose {@code field} is {@code value}. */
    private JsonNode single(String field, String value, String query) {
        List<JsonNode> matching = records(query).stream().filter(r -> value.equals(r.get(field).stringValue()))
                .toList();
        assertThat(matching).as(field + "=" + value).hasSize(1);
        return matching.getFirst();
    }

    private List<JsonNode> records(String query) {
        ApiResponse response = api.get("/api/v1/audit?limit=200&" + query, admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        response.json().get("items").forEach(out::add);
        return out;
    }

    private long countForRequest(String requestId) {
        return jdbc.sql("select count(*) from audit_records where request_id = :id").param("id", requestId)
                .query(Long.class).single();
    }

    private String rawRecords() {
        return jdbc.sql("select coalesce(string_agg(a::text, '|'), '') from audit_records a where :team = any(principal_teams)"
                + " or target_team = :team").param("team", team).query(String.class).single();
    }

    private String subject(String secret) {
        return tokens.authenticate(secret).map(CallerPrincipal::subject).orElseThrow();
    }

    private ObjectNode withSecrets(String name) {
        return specWithSecrets(name, "acme.azurecr.io", PASSWORD, ENV_VALUE);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
