package io.dockyard.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.TestIdentityProvider;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static io.dockyard.support.TestIdentityProvider.ADMIN_ROLE;
import static io.dockyard.support.TestIdentityProvider.TEAM_A_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 7: every operation in {@code openapi.yaml} (read from the file, so a new endpoint is attacked without editing
 * this test) is called against team A's real objects with every kind of bad credential and with valid credentials of
 * team B. Bad credentials must get 401; team B must get 404 for team A's objects (403 for admin-only operations) and
 * may only succeed on collection operations that touch nothing of team A. No answer may be a 5xx or carry team A's
 * data, and after every call team A's hosts, secrets, certificates, client CA and tokens are exactly as before.
 * Public operations ({@code security: []}) are only checked not to fail or leak team A's data.
 */
class EveryEndpointSecurityTest extends ApiTestSupport {

    private static final Set<String> HTTP_METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final TestIdentityProvider idp = TestIdentityProvider.get();

    /** One operation of the contract. */
    record Op(String method, String template, Operation operation, List<Parameter> parameters, boolean isPublic) {

        boolean adminOnly() {
            return operation.getSummary() != null && operation.getSummary().contains("(admin)");
        }

        boolean targetsAnObject() {
            return template.contains("{");
        }

        boolean hasParameter(String in, String name) {
            return parameters.stream().anyMatch(p -> in.equals(p.getIn()) && name.equalsIgnoreCase(p.getName()));
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** A credential to attack with; {@code valid} ones are real credentials of team B. */
    record Credential(String name, String token, boolean valid) {
    }

    /** Team A's objects that the attacks aim at. */
    private String hostId;
    private String hostName;
    private String serial;
    private String victimTokenId;
    private final List<String> secrets = new ArrayList<>();
    private String stateBefore;
    private String etagBefore;
    private int counter;

    @TestFactory
    Stream<DynamicNode> everyOperationRefusesEveryForeignOrBadCredential() throws Exception {
        List<Op> operations = operations();
        assertThat(operations).as("operations read from openapi.yaml").hasSizeGreaterThan(10);
        setUpTeamA();
        List<Credential> credentials = credentials();
        etagBefore = etag();
        stateBefore = state();

        List<DynamicNode> nodes = new ArrayList<>();
        for (Op op : operations) {
            if (op.isPublic()) {
                nodes.add(DynamicContainer.dynamicContainer(op + " (public)", Stream.of(
                        new Credential("no token", null, false), credentials.getLast())
                        .map(c -> DynamicTest.dynamicTest(op + " [public] with " + c.name(), () -> probePublic(op, c)))));
            } else {
                nodes.add(DynamicContainer.dynamicContainer(op.toString(), credentials.stream()
                        .map(c -> DynamicTest.dynamicTest(op + " with " + c.name(), () -> attack(op, c)))));
            }
        }
        return nodes.stream();
    }

    // ---------------------------------------------------------------- the contract

    private static List<Op> operations() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().read(Path.of("openapi.yaml").toAbsolutePath().toUri().toString(), null,
                options);
        assertThat(api).as("openapi.yaml parses").isNotNull();
        boolean secureByDefault = api.getSecurity() != null && !api.getSecurity().isEmpty();
        List<Op> ops = new ArrayList<>();
        api.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, operation) -> {
            List<Parameter> parameters = new ArrayList<>();
            if (item.getParameters() != null) {
                item.getParameters().forEach(p -> parameters.add(resolve(api, p)));
            }
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(p -> parameters.add(resolve(api, p)));
            }
            boolean isPublic = operation.getSecurity() != null ? operation.getSecurity().isEmpty() : !secureByDefault;
            ops.add(new Op(method.name(), template, operation, parameters, isPublic));
        }));
        return ops;
    }

    private static Parameter resolve(OpenAPI api, Parameter parameter) {
        if (parameter.get$ref() == null) {
            return parameter;
        }
        String name = parameter.get$ref().substring(parameter.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getParameters().get(name);
    }

    // ---------------------------------------------------------------- team A and the credentials

    private void setUpTeamA() {
        hostName = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        String envValue = "env-" + UUID.randomUUID();
        secrets.add(password);
        secrets.add(envValue);
        JsonNode host = create(teamA, specWithSecrets(hostName, "victim-registry.example.com", password, envValue));
        hostId = host.get("id").stringValue();
        ApiResponse cert = api.post("/api/v1/hosts/" + hostId + "/client-certificates", teamA, "{}");
        assertThat(cert.status()).as(cert.body()).isEqualTo(201);
        serial = cert.json().get("serial").stringValue();
        secrets.add(keyMaterial(cert.json().get("keyPem").stringValue()));
        ApiResponse token = api.post("/api/v1/tokens", admin, "{\"team\":\"team-a\",\"description\":\"victim\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        victimTokenId = token.json().get("id").stringValue();
        secrets.add(token.json().get("token").stringValue());
    }

    /** A line from the middle of a PEM private key: enough to recognise it, never a header. */
    private static String keyMaterial(String pem) {
        String[] lines = pem.split("\n");
        return lines[lines.length / 2];
    }

    private List<Credential> credentials() throws Exception {
        List<Credential> list = new ArrayList<>();
        list.add(new Credential("no token", null, false));
        list.add(new Credential("garbage token", "dy_" + UUID.randomUUID().toString().replace("-", ""), false));

        // API tokens that would be all-powerful if they still counted: team A admins.
        IssuedApiToken expired = tokens.issue(new NewApiToken("team-a", Role.ADMIN, "expired", null), "test");
        jdbc.sql("update api_tokens set expires_at = now() - interval '1 minute' where id = :id")
                .param("id", expired.token().id()).update();
        list.add(new Credential("expired API token", expired.secret(), false));
        IssuedApiToken revoked = tokens.issue(new NewApiToken("team-a", Role.ADMIN, "revoked", null), "test");
        tokens.revoke(revoked.token().id());
        list.add(new Credential("revoked API token", revoked.secret(), false));

        // JWTs that would make the caller a team A admin if they were accepted.
        JWTClaimsSet claims = idp.claims("mallory@example.com", List.of(TEAM_A_GROUP), List.of(ADMIN_ROLE)).build();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        list.add(new Credential("JWT signed by an unknown key",
                TestIdentityProvider.sign(claims, "stranger", JWSAlgorithm.RS256, TestIdentityProvider.signer(stranger)),
                false));
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(idp.rsaKey().getKeyID()).generate();
        list.add(new Credential("JWT signed by another key under the known key id",
                TestIdentityProvider.sign(claims, impostor.getKeyID(), JWSAlgorithm.RS256,
                        TestIdentityProvider.signer(impostor)), false));
        list.add(new Credential("JWT with alg none",
                base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims.toString()) + ".", false));
        list.add(new Credential("JWT for the wrong audience", idp.sign(new JWTClaimsSet.Builder(claims)
                .audience("api://another-app").build()), false));
        list.add(new Credential("JWT from the wrong issuer", idp.sign(new JWTClaimsSet.Builder(claims)
                .issuer("https://login.microsoftonline.com/another-tenant/v2.0").build()), false));
        Instant now = Instant.now();
        list.add(new Credential("expired JWT", idp.sign(new JWTClaimsSet.Builder(claims)
                .issueTime(Date.from(now.minus(Duration.ofHours(1))))
                .notBeforeTime(Date.from(now.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build()), false));

        // Real credentials of another team.
        list.add(new Credential("team B JWT", idp.token("bob@example.com", List.of("team-b")), true));
        list.add(new Credential("team B API token", teamB, true));
        return list;
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- the attack

    private void attack(Op op, Credential credential) {
        Request request = request(op);
        ApiResponse response = api.send(op.method(), request.uri(), credential.token(), request.body(),
                request.contentType(), request.headers());
        String what = op + " with " + credential.name() + " answered " + response.status() + ": " + response.body();
        Runnable unchanged = teamAUnchanged(what);

        assertThat(response.status()).as("never a server error: " + what).isLessThan(500);
        assertThat(response.status() / 100).as("never a success that touches team A: " + what)
                .satisfiesAnyOf(family -> assertThat(family).isNotEqualTo(2),
                        family -> assertThat(credential.valid() && !op.targetsAnObject() && !op.adminOnly()).isTrue());
        if (!credential.valid()) {
            assertThat(response.status()).as("a bad credential is 401: " + what).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as("401 names the scheme: " + what).startsWith("Bearer");
        } else if (op.adminOnly()) {
            assertThat(response.status()).as("an admin-only operation is 403 for team B: " + what).isEqualTo(403);
        } else if (op.targetsAnObject()) {
            assertThat(response.status()).as("team A's object does not exist for team B: " + what).isEqualTo(404);
        } else if (response.status() / 100 != 2) {
            assertThat(response.status()).as("team B naming team A is refused: " + what).isIn(400, 403, 404, 422);
        }
        assertNoLeak(request, response, what, false);
        unchanged.run();
    }

    private void probePublic(Op op, Credential credential) {
        Request request = request(op);
        ApiResponse response = api.send(op.method(), request.uri(), credential.token(), request.body(),
                request.contentType(), request.headers());
        String what = op + " with " + credential.name() + " answered " + response.status();
        Runnable unchanged = teamAUnchanged(what);
        assertThat(response.status()).as("never a server error: " + what).isLessThan(500);
        assertNoLeak(request, response, what, true);
        unchanged.run();
    }

    record Request(String uri, String body, String contentType, Map<String, String> headers) {
    }

    /** The operation aimed at team A's objects, with a plausible body and the current ETag. */
    private Request request(Op op) {
        String uri = op.template();
        for (Parameter p : op.parameters()) {
            if ("path".equals(p.getIn())) {
                uri = uri.replace("{" + p.getName() + "}", pathValue(op, p.getName()));
            }
        }
        List<String> query = new ArrayList<>();
        if (op.hasParameter("query", "team")) {
            query.add("team=team-a");
        }
        if (!query.isEmpty()) {
            uri += "?" + String.join("&", query);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (op.hasParameter("header", "If-Match")) {
            headers.put("If-Match", etagBefore);
        }
        String body = null;
        String contentType = null;
        if (op.operation().getRequestBody() != null && op.operation().getRequestBody().getContent() != null) {
            Map.Entry<String, MediaType> content = op.operation().getRequestBody().getContent().entrySet().iterator()
                    .next();
            contentType = content.getKey();
            body = body(op, content.getValue());
        } else if (HTTP_METHODS_WITH_BODY.contains(op.method())) {
            body = "";
        }
        return new Request(uri, body, contentType, headers);
    }

    private String pathValue(Op op, String name) {
        return switch (name) {
            case "id" -> op.template().startsWith("/api/v1/tokens/") ? victimTokenId : hostId;
            case "serial" -> serial;
            default -> fail("No team A object for path parameter {%s} of %s: teach this test which one it names",
                    name, op);
        };
    }

    /** A body that would do harm if it were accepted. */
    private String body(Op op, MediaType media) {
        String id = op.operation().getOperationId() == null ? "" : op.operation().getOperationId();
        switch (id) {
            case "createHost":
                return spec("intruder-" + (++counter)).put("team", "team-a").toString();
            case "createToken":
                return "{\"team\":\"team-a\",\"role\":\"admin\",\"description\":\"intruder\"}";
            case "patchHost":
                return "{\"vmSize\":\"Standard_D4s_v5\",\"docker\":{\"environment\":{\"API_KEY\":\"stolen\"}}}";
            default:
                Object example = media.getExample();
                if (example == null && media.getExamples() != null && !media.getExamples().isEmpty()) {
                    example = media.getExamples().values().iterator().next().getValue();
                }
                if (example == null && media.getSchema() != null) {
                    example = media.getSchema().getExample();
                }
                if (example == null) {
                    return "{}";
                }
                if (example instanceof String s) {
                    return s;
                }
                try {
                    return io.swagger.v3.core.util.Json.mapper().writeValueAsString(example);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
        }
    }

    // ---------------------------------------------------------------- what must not happen

    /**
     * Public answers may name identifiers: the CRL lists revoked serials, and a revoked client CA's subject names its
     * host id ({@code OU=host <id>}), by design. Names and secrets must never appear.
     */
    private void assertNoLeak(Request request, ApiResponse response, String what, boolean idsArePublic) {
        String body = response.body() == null ? "" : response.body();
        List<String> mustNotAppear = new ArrayList<>(secrets);
        mustNotAppear.add(hostName);
        mustNotAppear.add("victim-registry.example.com");
        // Identifiers may be echoed from the request itself, never revealed otherwise.
        for (String value : List.of(hostId, serial, victimTokenId)) {
            if (!request.uri().contains(value) && !(idsArePublic && !value.equals(victimTokenId))) {
                mustNotAppear.add(value);
            }
        }
        for (String value : mustNotAppear) {
            assertThat(body).as("team A's data in the answer to " + what).doesNotContainIgnoringCase(value);
        }
    }

    /**
     * Reads team A's state at once and makes it the new baseline, so that one hole fails the call that made it rather
     * than every call after it; the returned check compares it with the previous baseline.
     */
    private Runnable teamAUnchanged(String what) {
        String state = state();
        String etag = etag();
        String expectedState = stateBefore;
        String expectedEtag = etagBefore;
        stateBefore = state;
        etagBefore = etag;
        return () -> {
            assertThat(state).as("team A's state after " + what).isEqualTo(expectedState);
            assertThat(etag).as("team A's host ETag after " + what).isEqualTo(expectedEtag);
        };
    }

    private String etag() {
        ApiResponse response = api.get("/api/v1/hosts/" + hostId, teamA);
        assertThat(response.status()).as("team A still reads its host: " + response.body()).isEqualTo(200);
        return response.header("ETag");
    }

    /** Everything of team A that an attack could change, straight from the database. */
    private String state() {
        UUID host = UUID.fromString(hostId);
        StringBuilder state = new StringBuilder();
        state.append("hosts: ").append(jdbc.sql("""
                select id || ' ' || name || ' ' || spec::text || ' ' || generation || ' ' || version || ' '
                       || phase || ' ' || coalesce(deletion_requested_at::text, '-') || ' '
                       || coalesce(next_reconcile_at::text, '-')
                from hosts where team = 'team-a' order by id""").query(String.class).list()).append('\n');
        state.append("events: ").append(jdbc.sql("""
                select count(*) from host_events e join hosts h on h.id = e.host_id where h.team = 'team-a'""")
                .query(Long.class).single()).append('\n');
        state.append("secrets: ").append(jdbc.sql("select md5(t::text) from host_secrets t where host_id = :id")
                .param("id", host).query(String.class).list()).append('\n');
        state.append("certificates: ").append(jdbc.sql("""
                select serial || ' ' || kind || ' ' || coalesce(revoked_at::text, '-')
                from pki_certificates where host_id = :id order by serial""")
                .param("id", host).query(String.class).list()).append('\n');
        state.append("client CAs: ").append(jdbc.sql("""
                select id || ' ' || generation || ' ' || active from pki_authorities where host_id = :id order by id""")
                .param("id", host).query(String.class).list()).append('\n');
        state.append("tokens: ").append(jdbc.sql("""
                select id || ' ' || team || ' ' || role || ' ' || expires_at || ' ' || coalesce(revoked_at::text, '-')
                from api_tokens where team = 'team-a' order by id""").query(String.class).list()).append('\n');
        state.append("all tokens: ").append(jdbc.sql("select count(*) from api_tokens").query(Long.class).single());
        return state.toString();
    }
}
