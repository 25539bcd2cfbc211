package io.dockyard.hosts;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TeamIsolationTest extends ApiTestSupport {

    @Test
    void anotherTeamsHostIsNotFoundOnEveryEndpoint() {
        String id = create(teamA, "private").get("id").stringValue();
        String path = "/api/v1/hosts/" + id;

        List<ApiResponse> attempts = List.of(
                api.get(path, teamB),
                api.patch(path, teamB, "{\"paused\":true}", Map.of()),
                api.get(path + "/events", teamB),
                api.post(path + "/reconcile", teamB, null),
                api.delete(path, teamB));

        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("private");
        });
        JsonNode host = api.get(path, teamA).json();
        assertThat(host.get("generation").longValue()).isEqualTo(1);
        assertThat(host.get("deletionRequestedAt").isNull()).isTrue();
        assertThat(count("host_events")).isEqualTo(1);
    }

    @Test
    void listShowsOnlyOwnTeam() {
        create(teamA, "mine");
        create(teamB, "theirs");

        JsonNode items = api.get("/api/v1/hosts", teamA).json().get("items");

        assertThat(items).extracting(h -> h.get("team").stringValue()).containsOnly("team-a");
        assertThat(api.get("/api/v1/hosts?team=team-b", teamA).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/hosts?team=team-a", teamA).json().get("items")).hasSize(1);
    }

    @Test
    void adminSeesEveryTeamAndCanFilterByTeam() {
        String a = create(teamA, "mine").get("id").stringValue();
        create(teamB, "theirs");

        assertThat(api.get("/api/v1/hosts", admin).json().get("items")).hasSize(2);
        assertThat(api.get("/api/v1/hosts?team=team-b", admin).json().get("items"))
                .extracting(h -> h.get("team").stringValue()).containsExactly("team-b");
        assertThat(api.get("/api/v1/hosts/" + a, admin).status()).isEqualTo(200);
        assertThat(api.patch("/api/v1/hosts/" + a, admin, "{\"paused\":true}", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void userCannotManageTokens() {
        assertThat(api.get("/api/v1/tokens", teamA).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/tokens", teamA, "{\"team\":\"team-a\",\"role\":\"admin\"}").status()).isEqualTo(403);
    }

    @Test
    void unknownHostIdIsNotFoundAndMalformedIdIsBadRequest() {
        assertThat(api.get("/api/v1/hosts/01890a5d-ac96-774b-bcce-b302099a8057", teamA).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/hosts/not-a-uuid", teamA).status()).isEqualTo(400);
    }
}
