package io.dockyard.hosts;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.OpenSsl;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ClientCertificateApiTest extends ApiTestSupport {

    @TempDir
    Path dir;

    private String hostId() {
        return create(teamA, "tls-host").get("id").stringValue();
    }

    private long clientCertificates(String id) {
        return jdbc.sql("select count(*) from pki_certificates where host_id = :id and kind = 'client'")
                .param("id", UUID.fromString(id)).query(Long.class).single();
    }

    @Test
    void issuesClientCertificateAsJsonAndRecordsIt() {
        String id = hostId();

        ApiResponse issued = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, "{\"ttl\":\"PT2H\"}");

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode bundle = issued.json();
        assertThat(bundle.get("keyPem").stringValue()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(bundle.get("certPem").stringValue()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(bundle.get("caPem").stringValue()).isEqualTo(api.get("/api/v1/pki/ca.pem", null).body());
        ApiResponse list = api.get("/api/v1/hosts/" + id + "/client-certificates", teamA);
        assertThat(list.body()).doesNotContain("PRIVATE KEY");
        assertThat(list.json().get("items")).singleElement().satisfies(r -> {
            assertThat(r.get("serial").stringValue()).isEqualTo(bundle.get("serial").stringValue());
            assertThat(r.get("requestedBy").stringValue()).startsWith("token:");
        });
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(events.size() - 1).get("reason").stringValue()).isEqualTo("ClientCertificateIssued");
        assertThat(events.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void keysNeverReachTheLog(CapturedOutput output) {
        String id = hostId();
        JsonNode bundle = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, null).json();
        api.post("/api/v1/hosts/" + id + "/rotate-certificates", teamA, null);
        api.delete("/api/v1/hosts/" + id + "/client-certificates/" + bundle.get("serial").stringValue(), teamA);

        String keyBody = bundle.get("keyPem").stringValue().lines().skip(1).findFirst().orElseThrow();
        assertThat(output.getAll()).doesNotContain("PRIVATE KEY").doesNotContain(keyBody);
    }

    @Test
    void issuesZipReadyForDockerCertPath() throws Exception {
        String id = hostId();
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/v1/hosts/" + id + "/client-certificates"))
                .header("Authorization", "Bearer " + teamA).header("Accept", "application/zip")
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                files.put(e.getName(), new String(zip.readAllBytes()));
            }
        }
        assertThat(files).containsOnlyKeys("ca.pem", "cert.pem", "key.pem");
        assertThat(files.get("key.pem")).contains("BEGIN PRIVATE KEY");
        OpenSsl openssl = new OpenSsl(dir);
        openssl.write("cert.pem", files.get("cert.pem"));
        openssl.write("key.pem", files.get("key.pem"));
        OpenSsl.Result match = openssl.run("x509", "-in", "cert.pem", "-noout", "-pubkey");
        OpenSsl.Result fromKey = openssl.run("pkey", "-in", "key.pem", "-pubout");
        assertThat(match.output()).isEqualTo(fromKey.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ttl\":\"PT0S\"}", "{\"ttl\":\"-PT1H\"}", "{\"ttl\":\"P31D\"}", "{\"ttl\":\"8 hours\"}",
            "{\"ttl\":8}", "{\"lifetime\":\"PT1H\"}"})
    void refusesBadTtlNamingTheCapAndIssuesNothing(String body) {
        String id = hostId();

        ApiResponse response = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().at("/errors/0/pointer").stringValue()).isIn("/ttl", "/lifetime");
        if (body.contains("ttl\":\"")) {
            assertThat(response.body()).contains("P30D");
        }
        assertThat(clientCertificates(id)).isZero();
    }

    @Test
    void revocationIsRecordedRepeatableAndPublishedInCrl() throws Exception {
        String id = hostId();
        String serial = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, null).json().get("serial")
                .stringValue();

        assertThat(api.delete("/api/v1/hosts/" + id + "/client-certificates/" + serial, teamA).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/hosts/" + id + "/client-certificates/" + serial, teamA).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/hosts/" + id + "/client-certificates/abc123", teamA).status()).isEqualTo(404);

        HttpResponse<byte[]> crl = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(api.uri("/api/v1/pki/crl")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(crl.statusCode()).isEqualTo(200);
        assertThat(crl.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        OpenSsl openssl = new OpenSsl(dir);
        openssl.write("crl.der", crl.body());
        String hex = serial.length() % 2 == 0 ? serial : "0" + serial;
        assertThat(openssl.run("crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text").output())
                .contains("Serial Number: " + hex.toUpperCase());
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events).filteredOn(e -> e.get("reason").stringValue().equals("ClientCertificateRevoked")).hasSize(1);
    }

    @Test
    void rotationMakesHostDueAndRecordsEvent() {
        String id = hostId();
        api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, null);

        ApiResponse first = api.post("/api/v1/hosts/" + id + "/rotate-certificates", teamA, null);
        ApiResponse second = api.post("/api/v1/hosts/" + id + "/rotate-certificates", teamA, null);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.json().get("generation").intValue()).isEqualTo(first.json().get("generation").intValue() + 1);
        assertThat(second.json().get("fingerprintSha256").stringValue())
                .isNotEqualTo(first.json().get("fingerprintSha256").stringValue());
        JsonNode events = api.get("/api/v1/hosts/" + id + "/events", teamA).json().get("items");
        assertThat(events.get(events.size() - 1).get("reason").stringValue()).isEqualTo("ClientCaRotated");
    }

    @Test
    void anotherTeamGetsNotFoundAndNothingIsIssued() {
        String id = hostId();
        String serial = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, null).json().get("serial")
                .stringValue();

        List<ApiResponse> attempts = List.of(
                api.post("/api/v1/hosts/" + id + "/client-certificates", teamB, null),
                api.get("/api/v1/hosts/" + id + "/client-certificates", teamB),
                api.delete("/api/v1/hosts/" + id + "/client-certificates/" + serial, teamB),
                api.post("/api/v1/hosts/" + id + "/rotate-certificates", teamB, null),
                api.post("/api/v1/hosts/" + UUID.randomUUID() + "/client-certificates", teamA, null));

        assertThat(attempts).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(404));
        assertThat(clientCertificates(id)).isEqualTo(1);
        assertThat(api.get("/api/v1/hosts/" + id + "/client-certificates", teamA).json().at("/items/0/revokedAt")
                .isMissingNode()).isTrue();
    }

    @Test
    void deletingHostGetsNoNewCredentialsAndForceDeleteRevokesThem() {
        String id = hostId();
        api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, null);

        api.delete("/api/v1/hosts/" + id, teamA);
        ApiResponse refused = api.post("/api/v1/hosts/" + id + "/client-certificates", teamA, null);
        api.delete("/api/v1/hosts/" + id + "?force=true", admin);

        assertThat(refused.status()).isEqualTo(409);
        Long unrevoked = jdbc.sql("select count(*) from pki_certificates where host_id = :id and revoked_at is null")
                .param("id", UUID.fromString(id)).query(Long.class).single();
        assertThat(unrevoked).isZero();
    }
}
