package io.dockyard.support;

import io.dockyard.security.ApiTokens;
import io.dockyard.security.NewApiToken;
import io.dockyard.security.Role;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared setup for API integration tests: an empty hosts table, fresh tokens for two teams and an
 * admin, a contract-checking client and a valid spec to start from.
 */
@ApiTest
public abstract class ApiTestSupport {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String SSH_KEY = SshKeys.ed25519();

    @LocalServerPort
    protected int port;
    @Autowired
    protected ApiTokens tokens;
    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient api;
    protected String teamA;
    protected String teamB;
    protected String admin;

    @BeforeEach
    void resetState() {
        truncate();
        api = new ApiClient(port);
        teamA = token("team-a", Role.USER);
        teamB = token("team-b", Role.USER);
        admin = token("platform", Role.ADMIN);
    }

    /** Empties the hosts tables; a scheduled housekeeping delete at the same moment can deadlock it, so retry. */
    private void truncate() {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("truncate hosts, host_events, host_secrets, idempotency_keys").update();
                return;
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    protected String token(String team, Role role) {
        return tokens.issue(new NewApiToken(team, role, "test", null), "test").secret();
    }

    /** A spec with one registry login (its password) and one environment value ({@code API_KEY}), both secrets. */
    protected ObjectNode specWithSecrets(String name, String registry, String password, String envValue) {
        ObjectNode body = spec(name);
        ObjectNode docker = body.putObject("docker");
        docker.putArray("registryLogins").addObject().put("server", registry).put("username", "robot")
                .put("password", password);
        docker.putObject("environment").put("API_KEY", envValue);
        return body;
    }

    /** A minimal valid create body. */
    protected ObjectNode spec(String name) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("location", "westeurope");
        body.putArray("sshPublicKeys").add(SSH_KEY);
        body.putObject("network").putArray("allowedSourceRanges").add("203.0.113.0/24");
        return body;
    }

    protected JsonNode create(String token, ObjectNode body) {
        ApiResponse response = api.post("/api/v1/hosts", token, body.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    protected JsonNode create(String token, String name) {
        return create(token, spec(name));
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    protected static Map<String, String> ifMatch(String etag) {
        return Map.of("If-Match", etag);
    }
}
