package io.dockyard.hosts;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.SshKeys;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HostValidationTest extends ApiTestSupport {

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                rule("name missing", b -> b.remove("name"), "/name"),
                rule("name with capitals", b -> b.put("name", "Build01"), "/name"),
                rule("name too short", b -> b.put("name", "ab"), "/name"),
                rule("name too long", b -> b.put("name", "a".repeat(41)), "/name"),
                rule("name ending with dash", b -> b.put("name", "build-"), "/name"),
                rule("name not a string", b -> b.put("name", 42), "/name"),
                rule("location missing", b -> b.remove("location"), "/location"),
                rule("location not allowed", b -> b.put("location", "mars"), "/location"),
                rule("vm size not allowed", b -> b.put("vmSize", "Standard_M416ms_v2"), "/vmSize"),
                rule("image unknown", b -> b.put("image", "windows-2022"), "/image"),
                rule("disk too small", b -> b.put("osDiskSizeGb", 29), "/osDiskSizeGb"),
                rule("disk too large", b -> b.put("osDiskSizeGb", 1025), "/osDiskSizeGb"),
                rule("disk not integer", b -> b.put("osDiskSizeGb", 64.5), "/osDiskSizeGb"),
                rule("admin reserved", b -> b.put("adminUsername", "root"), "/adminUsername"),
                rule("admin reserved by Azure", b -> b.put("adminUsername", "administrator"), "/adminUsername"),
                rule("admin invalid", b -> b.put("adminUsername", "Bad User"), "/adminUsername"),
                rule("ssh keys missing", b -> b.remove("sshPublicKeys"), "/sshPublicKeys"),
                rule("ssh keys empty", b -> b.putArray("sshPublicKeys"), "/sshPublicKeys"),
                rule("ssh key garbage", b -> b.putArray("sshPublicKeys").add("ssh-rsa not-base64!!"), "/sshPublicKeys/0"),
                rule("ssh key type mismatch", b -> b.putArray("sshPublicKeys").add(
                        "ssh-rsa " + SshKeys.ed25519().split(" ")[1]), "/sshPublicKeys/0"),
                rule("ssh rsa too short", b -> b.putArray("sshPublicKeys").add(SshKeys.rsa(1024)), "/sshPublicKeys/0"),
                rule("ssh key duplicate", b -> b.putArray("sshPublicKeys").add(SSH_KEY).add(SSH_KEY), "/sshPublicKeys/1"),
                rule("ssh dsa unsupported", b -> b.putArray("sshPublicKeys").add("ssh-dss AAAAB3NzaC1kc3M= x"), "/sshPublicKeys/0"),
                rule("docker port zero", b -> b.putObject("docker").put("port", 0), "/docker/port"),
                rule("docker port 22", b -> b.putObject("docker").put("port", 22), "/docker/port"),
                rule("docker port too big", b -> b.putObject("docker").put("port", 70000), "/docker/port"),
                rule("engine version bad", b -> b.putObject("docker").put("engineVersion", "latest"), "/docker/engineVersion"),
                rule("daemon config not object", b -> b.putObject("docker").put("daemonConfig", "x"), "/docker/daemonConfig"),
                rule("daemon config owns tls", b -> b.putObject("docker").putObject("daemonConfig").put("tlsverify", false),
                        "/docker/daemonConfig/tlsverify"),
                rule("daemon config owns hosts", b -> b.putObject("docker").putObject("daemonConfig").putArray("hosts"),
                        "/docker/daemonConfig/hosts"),
                rule("registry with scheme", b -> b.putObject("docker").putArray("registryLogins").addObject()
                        .put("server", "https://r.io").put("username", "u").put("password", "p"), "/docker/registryLogins/0/server"),
                rule("registry without password", b -> b.putObject("docker").putArray("registryLogins").addObject()
                        .put("server", "r.io").put("username", "u"), "/docker/registryLogins/0/password"),
                rule("registry unknown field", b -> b.putObject("docker").putArray("registryLogins").addObject()
                        .put("server", "r.io").put("username", "u").put("password", "p").put("email", "x"),
                        "/docker/registryLogins/0/email"),
                rule("environment bad name", b -> b.putObject("docker").putObject("environment").put("1BAD", "x"),
                        "/docker/environment/1BAD"),
                rule("environment value not string", b -> b.putObject("docker").putObject("environment").put("N", 1),
                        "/docker/environment/N"),
                rule("environment kept without value", b -> b.putObject("docker").putObject("environment")
                        .putObject("N").put("set", true), "/docker/environment/N"),
                rule("compose not yaml mapping", b -> b.putObject("docker").put("compose", "- a\n- b"), "/docker/compose"),
                rule("compose broken yaml", b -> b.putObject("docker").put("compose", "services: [\n"), "/docker/compose"),
                rule("docker unknown field", b -> b.putObject("docker").put("version", "1"), "/docker/version"),
                rule("network missing", b -> b.remove("network"), "/network"),
                rule("ranges missing", b -> b.putObject("network"), "/network/allowedSourceRanges"),
                rule("ranges empty", b -> b.putObject("network").putArray("allowedSourceRanges"), "/network/allowedSourceRanges"),
                rule("range not cidr", b -> b.putObject("network").putArray("allowedSourceRanges").add("corp"),
                        "/network/allowedSourceRanges/0"),
                rule("range host bits", b -> b.putObject("network").putArray("allowedSourceRanges").add("10.0.0.0/8")
                        .add("10.1.2.3/16"), "/network/allowedSourceRanges/1"),
                rule("range whole internet", b -> b.putObject("network").putArray("allowedSourceRanges").add("0.0.0.0/0"),
                        "/network/allowedSourceRanges/0"),
                rule("range octet too big", b -> b.putObject("network").putArray("allowedSourceRanges").add("10.0.0.256"),
                        "/network/allowedSourceRanges/0"),
                rule("range duplicate", b -> b.putObject("network").putArray("allowedSourceRanges").add("10.0.0.0/8")
                        .add("10.0.0.0/8"), "/network/allowedSourceRanges/1"),
                rule("ssh access not boolean", b -> ((ObjectNode) b.get("network")).put("sshAccess", "yes"),
                        "/network/sshAccess"),
                rule("tag key forbidden character", b -> b.putObject("tags").put("a/b", "x"), "/tags/a~1b"),
                rule("tag key reserved prefix", b -> b.putObject("tags").put("microsoft-x", "x"), "/tags/microsoft-x"),
                rule("tag key ours", b -> b.putObject("tags").put("managed-by", "me"), "/tags/managed-by"),
                rule("tag value too long", b -> b.putObject("tags").put("k", "v".repeat(257)), "/tags/k"),
                rule("tag key too long", b -> b.putObject("tags").put("k".repeat(513), "v"), "/tags/" + "k".repeat(513)),
                rule("too many tags", b -> {
                    ObjectNode tags = b.putObject("tags");
                    for (int i = 0; i < 48; i++) {
                        tags.put("t" + i, "v");
                    }
                }, "/tags"),
                rule("paused not boolean", b -> b.put("paused", "no"), "/paused"),
                rule("id is server-owned", b -> b.put("id", "01234567-0000-7000-8000-000000000000"), "/id"),
                rule("status is server-owned", b -> b.putObject("status").put("phase", "Ready"), "/status"),
                rule("generation is server-owned", b -> b.put("generation", 7), "/generation"),
                rule("team is admin-only", b -> b.put("team", "team-b"), "/team"),
                rule("unknown field", b -> b.put("color", "blue"), "/color"));
    }

    private static Arguments rule(String name, Consumer<ObjectNode> mutation, String pointer) {
        return arguments(name, mutation, pointer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void refusesInvalidSpecWithPointerAndStoresNothing(String rule, Consumer<ObjectNode> mutation, String pointer) {
        ObjectNode body = spec("valid-name");
        mutation.accept(body);

        ApiResponse response = api.post("/api/v1/hosts", teamA, body.toString());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).extracting(e -> e.get("pointer").stringValue()).contains(pointer);
        assertThat(errors).allSatisfy(e -> assertThat(e.get("message").stringValue()).isNotBlank());
        assertThat(count("hosts")).isZero();
        assertThat(count("host_events")).isZero();
        assertThat(count("host_secrets")).isZero();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ObjectNode body = spec("Bad Name");
        body.put("location", "mars");
        body.putObject("network").putArray("allowedSourceRanges").add("not-a-cidr");

        ApiResponse response = api.post("/api/v1/hosts", teamA, body.toString());

        assertThat(response.json().get("errors")).extracting(e -> e.get("pointer").stringValue())
                .containsExactlyInAnyOrder("/name", "/location", "/network/allowedSourceRanges/0");
    }

    @Test
    void acceptsEverySupportedKeyTypeAndAFullSpec() {
        ObjectNode body = spec("full-spec");
        body.put("vmSize", "Standard_D2s_v5").put("image", "ubuntu-22.04").put("osDiskSizeGb", 128)
                .put("adminUsername", "ops").put("paused", true);
        body.putArray("sshPublicKeys").add(SshKeys.ed25519()).add(SshKeys.rsa(2048)).add(SshKeys.ecdsa256());
        ObjectNode docker = body.putObject("docker");
        docker.put("port", 2377).put("engineVersion", "27.3.1").put("compose", "services:\n  web:\n    image: nginx\n");
        docker.putObject("daemonConfig").put("log-driver", "json-file").putObject("log-opts").put("max-size", "10m");
        docker.putArray("registryLogins").addObject().put("server", "myregistry.azurecr.io:443").put("username", "bot")
                .put("password", "hunter2-registry");
        docker.putObject("environment").put("APP_SECRET", "s3cr3t-env");
        ObjectNode network = body.putObject("network");
        network.putArray("allowedSourceRanges").add("203.0.113.0/24").add("198.51.100.7").add("2001:db8::/32");
        network.put("sshAccess", true);
        body.putObject("tags").put("cost-center", "42");

        JsonNode host = create(teamA, body);

        assertThat(host.at("/spec/network/allowedSourceRanges/1").stringValue()).isEqualTo("198.51.100.7/32");
        assertThat(host.at("/spec/docker/daemonConfig/log-opts/max-size").stringValue()).isEqualTo("10m");
        assertThat(host.at("/spec/docker/registryLogins/0/passwordSet").booleanValue()).isTrue();
        assertThat(host.at("/spec/docker/environment/APP_SECRET/set").booleanValue()).isTrue();
        assertThat(host.at("/spec/sshPublicKeys")).hasSize(3);
    }

    @Test
    void refusesNonObjectBody() {
        ApiResponse response = api.post("/api/v1/hosts", teamA, "[1,2]");

        assertThat(response.status()).isEqualTo(400);
        assertThat(count("hosts")).isZero();
    }

    @Test
    void invalidPatchStoresNothing() {
        String id = create(teamA, "patch-target").get("id").stringValue();

        ApiResponse response = api.patch("/api/v1/hosts/" + id, teamA,
                "{\"vmSize\":\"Huge\",\"network\":{\"allowedSourceRanges\":[\"x\"]}}", java.util.Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(e -> e.get("pointer").stringValue())
                .contains("/vmSize", "/network/allowedSourceRanges/0");
        JsonNode host = api.get("/api/v1/hosts/" + id, teamA).json();
        assertThat(host.get("generation").longValue()).isEqualTo(1);
        assertThat(host.at("/spec/vmSize").stringValue()).isEqualTo("Standard_B2s");
    }
}
