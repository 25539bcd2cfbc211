package io.dockyard.hosts;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fields the server owns cannot be set by a body: {@code id}, {@code status}, {@code generation}, the timestamps,
 * and {@code team} for a caller with one team. A create or a patch that carries one is refused, names the field,
 * and stores nothing.
 */
class MassAssignmentTest extends ApiTestSupport {

    private static final String FOREIGN_ID = "01a22000-0000-7000-8000-000000000000";

    private static ObjectNode withField(ObjectNode body, String field) {
        switch (field) {
            case "id" -> body.put("id", FOREIGN_ID);
            case "team" -> body.put("team", "team-b");
            case "status" -> body.putObject("status").put("phase", "Ready");
            case "generation" -> body.put("generation", 42);
            case "createdAt" -> body.put("createdAt", "2020-01-01T00:00:00Z");
            case "deletionRequestedAt" -> body.putNull("deletionRequestedAt");
            default -> throw new IllegalArgumentException(field);
        }
        return body;
    }

    @ParameterizedTest(name = "a create carrying {0} is refused")
    @ValueSource(strings = {"id", "team", "status", "generation", "createdAt", "deletionRequestedAt"})
    void aCreateCarryingAServerOwnedFieldIsRefusedAndStoresNothing(String field) {
        ApiResponse refused = api.post("/api/v1/hosts", teamA, withField(spec("mass-" + field.toLowerCase()), field)
                .toString());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("/" + field);
        assertThat(api.get("/api/v1/hosts?limit=200", teamA).json().path("items").size()).isZero();
        assertThat(api.get("/api/v1/hosts?limit=200", teamB).json().path("items").size()).isZero();
    }

    @ParameterizedTest(name = "a patch carrying {0} is refused")
    @ValueSource(strings = {"id", "team", "status", "generation", "createdAt", "deletionRequestedAt"})
    void aPatchCarryingAServerOwnedFieldIsRefusedAndChangesNothing(String field) {
        JsonNode host = create(teamA, "patched-" + field.toLowerCase());
        String id = host.path("id").asString();
        ApiResponse got = api.get("/api/v1/hosts/" + id, teamA);

        ApiResponse refused = api.patch("/api/v1/hosts/" + id, teamA, withField(JSON.createObjectNode(), field).toString(),
                Map.of("If-Match", got.header("ETag"), "Content-Type", "application/merge-patch+json"));

        assertThat(refused.status()).isBetween(400, 422);
        assertThat(refused.body()).contains("/" + field);
        ApiResponse after = api.get("/api/v1/hosts/" + id, teamA);
        assertThat(after.header("ETag")).isEqualTo(got.header("ETag"));
        assertThat(after.json()).isEqualTo(got.json());
    }
}
