package io.dockyard.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole life of a host with every kind of secret in it — an API token, a registry password, an environment value,
 * a client key — and then a search of every response body and of the application's log for them. Each secret may
 * appear in exactly the one response that hands it out, and nowhere else.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest extends ApiTestSupport {

    private static final String PASSWORD = "registry-pass-Zq81-unique";
    private static final String ENV_VALUE = "env-value-Hn42-unique";
    private static final String NEW_ENV_VALUE = "env-value-Pw77-rotated";

    private final List<ApiResponse> seen = new ArrayList<>();

    private ApiResponse keep(ApiResponse response) {
        seen.add(response);
        return response;
    }

    @Test
    void noSecretLeavesExceptInTheOneResponseThatHandsItOut(CapturedOutput log) {
        ApiResponse minted = api.post("/api/v1/tokens", admin, "{\"team\":\"team-a\",\"role\":\"user\",\"description\":\"leak test\"}");
        assertThat(minted.status()).isEqualTo(201);
        String token = minted.json().path("token").asString();
        assertThat(token).isNotBlank();
        keep(api.get("/api/v1/tokens", admin));

        ObjectNode body = specWithSecrets("leaky", "acme.azurecr.io", PASSWORD, ENV_VALUE);
        ApiResponse created = keep(api.post("/api/v1/hosts", token, body.toString()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asString();
        String path = "/api/v1/hosts/" + id;
        keep(api.get(path, token));
        keep(api.get("/api/v1/hosts", token));
        keep(api.get(path + "/events", token));

        ApiResponse bundle = api.post(path + "/client-certificates", token, "{}");
        assertThat(bundle.status()).isEqualTo(201);
        String keyPem = bundle.json().path("keyPem").asString();
        assertThat(keyPem).contains("PRIVATE KEY");
        keep(api.get(path + "/client-certificates", token));
        keep(api.post(path + "/rotate-certificates", token, "{}"));

        ApiResponse got = api.get(path, token);
        keep(api.patch(path, token, "{\"docker\":{\"environment\":{\"API_KEY\":\"" + NEW_ENV_VALUE + "\"}}}",
                Map.of("If-Match", got.header("ETag"), "Content-Type", "application/merge-patch+json")));
        keep(api.get(path, token));
        keep(api.get(path + "/events", token));
        keep(api.post("/api/v1/hosts", token, "{\"name\":\"bad\",\"docker\":{\"registryLogins\":[{\"server\":\"x\","
                + "\"username\":\"u\",\"password\":\"" + PASSWORD + "\"}]},\"location\":\"nowhere\"}"));
        keep(api.delete(path, token));
        keep(api.get(path, token));
        keep(api.get("/api/v1/audit?limit=200", admin));

        List<String> secrets = List.of(token, PASSWORD, ENV_VALUE, NEW_ENV_VALUE, keyPem.strip(), "PRIVATE KEY");
        for (ApiResponse response : seen) {
            for (String secret : secrets) {
                assertThat(response.body()).as("a response (%d) carries a secret", response.status())
                        .doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(log.getAll()).as("the application log carries a secret").doesNotContain(secret);
        }
        String keyBody = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(log.getAll()).doesNotContain(keyBody);
        assertThat(bundle.body()).doesNotContain(PASSWORD).doesNotContain(ENV_VALUE).doesNotContain(token);
        assertThat(minted.body()).doesNotContain("PRIVATE KEY");
    }
}
