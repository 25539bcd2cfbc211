package io.dockyard.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated bodies, headers and query strings against the write endpoints (jqwik's generators, a fixed
 * seed so a failure replays): never a 5xx, every answer in the contract, and a 4xx stores nothing — no host, no
 * event, no secret, no changed ETag.
 */
class WriteEndpointFuzzTest extends ApiTestSupport {

    private static final long SEED = 20261129L;
    private static final int CASES = 250;
    private static final List<String> FIELDS = List.of("name", "location", "vmSize", "image", "osDiskSizeGb",
            "adminUsername", "sshPublicKeys", "docker", "network", "tags", "paused", "team", "id", "status");

    private final Random random = new Random(SEED);

    // jqwik's generators live in a session; JUnit runs these tests, so open one around each.
    @BeforeEach
    void openGenerators() {
        JqwikSession.start();
    }

    @AfterEach
    void closeGenerators() {
        JqwikSession.finish();
    }

    private <T> T sample(Arbitrary<T> arbitrary) {
        return arbitrary.generator(100).next(random).value();
    }

    /** Any JSON value, from the awkward corners: huge and odd strings, big numbers, deep nesting, nulls. */
    private JsonNode anyValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> JSON.getNodeFactory().nullNode();
            case 1 -> JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 2 -> JSON.getNodeFactory().numberNode(sample(Arbitraries.longs()
                    .withDistribution(RandomDistribution.biased())));
            case 3 -> JSON.getNodeFactory().numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> JSON.getNodeFactory().stringNode(sample(Arbitraries.strings().all().ofMaxLength(300)));
            case 5 -> JSON.getNodeFactory().stringNode(sample(Arbitraries.strings().withChars("aZ09-_./:*@ \u00e9\u202e")
                    .ofMinLength(0).ofMaxLength(70)));
            case 6 -> {
                ArrayNode array = JSON.createArrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(anyValue(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = JSON.createObjectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(random.nextBoolean() ? FIELDS.get(random.nextInt(FIELDS.size()))
                            : sample(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)), anyValue(depth + 1));
                }
                yield object;
            }
        };
    }

    /** A valid spec with one to three mutations: a field removed, replaced by anything, or an unknown one added. */
    private String mutatedSpec(String name) {
        ObjectNode body = spec(name);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            switch (random.nextInt(3)) {
                case 0 -> body.remove(field);
                case 1 -> body.set(field, anyValue(0));
                default -> body.set(sample(Arbitraries.strings().ofMinLength(1).ofMaxLength(20)), anyValue(0));
            }
        }
        return random.nextInt(10) == 0 ? body.toString().substring(0, random.nextInt(body.toString().length()))
                : body.toString();
    }

    private Map<String, String> randomHeaders() {
        Map<String, String> headers = new java.util.HashMap<>();
        if (random.nextBoolean()) {
            headers.put("Idempotency-Key", sample(Arbitraries.strings().withCharRange('!', '~').ofMinLength(1)
                    .ofMaxLength(90)));
        }
        if (random.nextInt(4) == 0) {
            headers.put("X-Request-Id", sample(Arbitraries.strings().withChars("abc-_.0123{}<>").ofMinLength(1)
                    .ofMaxLength(80)));
        }
        return headers;
    }

    private String contentType() {
        return switch (random.nextInt(8)) {
            case 0 -> "text/plain";
            case 1 -> "application/json; charset=latin1";
            case 2 -> "application/x-www-form-urlencoded";
            default -> "application/json";
        };
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private long stored() {
        return count("hosts") + count("host_events") + count("host_secrets");
    }

    @Test
    void mutatedCreatesNeverFailOnOurSideAndRefusedOnesStoreNothing() {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long before = stored();
            String body = mutatedSpec("fuzz-" + i);
            ApiResponse response = api.send("POST", "/api/v1/hosts", teamA, body, contentType(), randomHeaders());
            outcomes.add(response.status() + "");
            assertThat(response.status()).as("case %d: %s -> %s", i, body, response.body()).isLessThan(500);
            if (response.status() >= 400) {
                assertThat(stored()).as("case %d stored something: %s", i, body).isEqualTo(before);
            }
        }
        assertThat(outcomes).as("the mutations reach both sides of the validator").contains("201", "400");
    }

    @Test
    void mutatedPatchesNeverFailOnOurSideAndRefusedOnesChangeNothing() {
        String id = create(teamA, "fuzz-target").path("id").asString();
        String path = "/api/v1/hosts/" + id;
        for (int i = 0; i < CASES; i++) {
            ApiResponse before = api.get(path, teamA);
            long storedBefore = stored();
            ObjectNode patch = JSON.createObjectNode();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                patch.set(FIELDS.get(random.nextInt(FIELDS.size())), anyValue(0));
            }
            Map<String, String> headers = randomHeaders();
            headers.put("If-Match", random.nextInt(5) == 0 ? "\"" + random.nextInt(9) + "\"" : before.header("ETag"));
            String type = random.nextInt(6) == 0 ? contentType() : "application/merge-patch+json";
            ApiResponse response = api.send("PATCH", path, teamA, patch.toString(), type, headers);
            assertThat(response.status()).as("case %d: %s -> %s", i, patch, response.body()).isLessThan(500);
            if (response.status() >= 400) {
                ApiResponse after = api.get(path, teamA);
                assertThat(after.header("ETag")).as("case %d changed the host: %s", i, patch)
                        .isEqualTo(before.header("ETag"));
                assertThat(stored()).isEqualTo(storedBefore);
            }
        }
    }

    @Test
    void randomQueryStringsOnTheListNeverFailOnOurSide() {
        for (int i = 0; i < CASES; i++) {
            String query = "limit=" + encode(sample(Arbitraries.strings().withChars("-0123456789a%").ofMaxLength(6)))
                    + "&cursor=" + encode(sample(Arbitraries.strings().withChars("AZaz09-_=%+/").ofMaxLength(40)))
                    + "&phase=" + sample(Arbitraries.of("Ready", "ready", "", "Nope", "%00", "Pending"))
                    + "&team=" + sample(Arbitraries.of("team-a", "team-b", "", "TEAM", "%2e%2e"));
            ApiResponse response = api.get("/api/v1/hosts?" + query, teamA);
            assertThat(response.status()).as("case %d: %s -> %s", i, query, response.body()).isLessThan(500);
            if (response.status() == 200) {
                response.json().path("items").forEach(host ->
                        assertThat(host.path("team").asString()).isEqualTo("team-a"));
            }
        }
    }
}
