package io.dockyard.hosts;

import io.dockyard.support.ApiClient;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest extends ApiTestSupport {

    private static final String PASSWORD = "registry-pa55word-9f3a";
    private static final String ENV_VALUE = "env-secret-value-7c21";

    private ObjectNode withSecrets(String name) {
        return specWithSecrets(name, "acme.azurecr.io", PASSWORD, ENV_VALUE);
    }

    @Test
    void secretsNeverComeBackAndAreEncryptedAtRest() {
        JsonNode host = create(teamA, withSecrets("secretive"));
        String id = host.get("id").stringValue();
        api.get("/api/v1/hosts/" + id, teamA);
        api.get("/api/v1/hosts", teamA);
        api.get("/api/v1/hosts/" + id + "/events", teamA);
        api.patch("/api/v1/hosts/" + id, teamA, "{\"docker\":{\"environment\":{\"API_KEY\":{\"set\":true},\"OTHER\":\""
                + ENV_VALUE + "-2\"}}}", Map.of());

        assertThat(ApiClient.receivedBodies()).noneMatch(b -> b != null && (b.contains(PASSWORD) || b.contains(ENV_VALUE)));
        String rawSecrets = jdbc.sql("select string_agg(name || encode(nonce, 'escape') || encode(ciphertext, 'escape'), '|') from host_secrets")
                .query(String.class).single();
        String rawHosts = jdbc.sql("select string_agg(h::text, '|') from hosts h").query(String.class).single();
        String rawEvents = jdbc.sql("select string_agg(e::text, '|') from host_events e").query(String.class).single();
        assertThat(rawSecrets).doesNotContain(PASSWORD).doesNotContain(ENV_VALUE);
        assertThat(rawHosts + rawEvents).doesNotContain(PASSWORD).doesNotContain(ENV_VALUE);
        assertThat(count("host_secrets")).isEqualTo(3);
        assertThat(jdbc.sql("select distinct key_id from host_secrets").query(String.class).list()).containsExactly("test-kek");
    }

    @Test
    void omittedPasswordKeepsStoredValueAndNullRemovesVariable() {
        String id = create(teamA, withSecrets("keeper")).get("id").stringValue();
        byte[] before = ciphertext(id, "registry/acme.azurecr.io");

        ApiResponse kept = api.patch("/api/v1/hosts/" + id, teamA,
                "{\"docker\":{\"registryLogins\":[{\"server\":\"acme.azurecr.io\",\"username\":\"robot\"}],"
                        + "\"environment\":{\"API_KEY\":null}}}", Map.of());

        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().at("/spec/docker/registryLogins/0/passwordSet").booleanValue()).isTrue();
        assertThat(kept.json().at("/spec/docker/environment").isEmpty()).isTrue();
        assertThat(ciphertext(id, "registry/acme.azurecr.io")).isEqualTo(before);
        assertThat(count("host_secrets")).isEqualTo(1);
    }

    @Test
    void changedUsernameNeedsNewPassword() {
        String id = create(teamA, withSecrets("rotator")).get("id").stringValue();

        ApiResponse refused = api.patch("/api/v1/hosts/" + id, teamA,
                "{\"docker\":{\"registryLogins\":[{\"server\":\"acme.azurecr.io\",\"username\":\"other\"}]}}", Map.of());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/pointer").stringValue()).isEqualTo("/docker/registryLogins/0/password");
    }

    @Test
    void newPasswordIsAChangeThatBumpsGeneration() {
        String id = create(teamA, withSecrets("new-pass")).get("id").stringValue();

        ApiResponse changed = api.patch("/api/v1/hosts/" + id, teamA,
                "{\"docker\":{\"registryLogins\":[{\"server\":\"acme.azurecr.io\",\"username\":\"robot\",\"password\":\"next-one\"}]}}",
                Map.of());

        assertThat(changed.json().get("generation").longValue()).isEqualTo(2);
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(1).get("message").stringValue()).contains("docker.registryLogins").doesNotContain("next-one");
    }

    private byte[] ciphertext(String id, String name) {
        return jdbc.sql("select ciphertext from host_secrets where host_id = :id and name = :name")
                .param("id", UUID.fromString(id)).param("name", name).query(byte[].class).single();
    }
}
