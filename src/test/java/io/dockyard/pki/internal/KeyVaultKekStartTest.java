package io.dockyard.pki.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.dockyard.DockyardApplication;
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import io.dockyard.security.ApiTokens;
import io.dockyard.security.NewApiToken;
import io.dockyard.security.Role;
import io.dockyard.support.ApiClient;
import io.dockyard.support.ApiResponse;
import io.dockyard.support.KeyVaultDouble;
import io.dockyard.support.SshKeys;
import io.dockyard.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole service moving from an environment key-encryption key to one wrapped by Key Vault, restarted as an
 * operator would: each start is a real application on a database of its own, talking to {@link KeyVaultDouble} over
 * HTTPS through the Azure SDK.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyVaultKekStartTest {

    /** The test profile's environment key (application-test.yml), kept as an old key after the move. */
    private static final String TEST_KEK = "dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    private static final String KEY = "dockyard-kek";

    @TempDir
    Path dir;

    private KeyVaultDouble vault;
    private String database;
    private JdbcClient jdbc;

    @BeforeEach
    void start() {
        vault = KeyVaultDouble.start(dir);
        vault.createRsaKey(KEY);
        database = TestDatabase.newDatabase("kekapp");
        jdbc = JdbcClient.create(new DriverManagerDataSource(database, "postgres", "postgres"));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void secretsSealedUnderTheEnvironmentKeyMoveToTheVaultKey(CapturedOutput output) {
        UUID hostId;
        String trustAnchor;
        String clientCa;
        try (ConfigurableApplicationContext app = run()) {
            hostId = createHostWithSecrets(app);
            CertificateAuthority authority = app.getBean(CertificateAuthority.class);
            trustAnchor = authority.trustAnchorPem();
            clientCa = authority.clientCa(hostId, "test").serial();
        }
        assertThat(keyIds()).containsOnly("test-kek");

        String vaultKekId;
        try (ConfigurableApplicationContext app = run(vaultSettings("--dockyard.pki.other-keks.test-kek=" + TEST_KEK))) {
            SecretCipher cipher = app.getBean(SecretCipher.class);
            vaultKekId = cipher.currentKeyId();
            assertThat(vaultKekId).startsWith("kv-")
                    .isEqualTo(jdbc.sql("select kek_id from pki_wrapped_keks").query(String.class).single());
            assertThat(secrets(cipher, hostId)).as("values under the environment key still open")
                    .containsOnlyKeys("registry/acme.azurecr.io", "env/API_KEY")
                    .containsValues("old-password-123", "old-env-456");

            // The existing background re-seal (host secrets and CA keys, 20 s after start) moves every value.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(keyIds()).containsOnly(vaultKekId));
            assertThat(secrets(cipher, hostId)).containsValues("old-password-123", "old-env-456");
            assertThat(vault.count("wrapkey")).as("the data key was generated and wrapped once").isEqualTo(1);
            assertThat(vault.count("unwrapkey")).isZero();
        }

        try (ConfigurableApplicationContext app = run(vaultSettings())) {
            SecretCipher cipher = app.getBean(SecretCipher.class);
            assertThat(cipher.currentKeyId()).isEqualTo(vaultKekId);
            assertThat(vault.count("unwrapkey")).as("one unwrap per start").isEqualTo(1);
            assertThat(secrets(cipher, hostId)).as("without the environment key")
                    .containsValues("old-password-123", "old-env-456");
            CertificateAuthority authority = app.getBean(CertificateAuthority.class);
            assertThat(authority.trustAnchorPem()).isEqualTo(trustAnchor);
            assertThat(authority.clientCa(hostId, "test").serial()).isEqualTo(clientCa);
            assertThat(authority.issueClientCertificate(hostId, "alice", Duration.ofHours(1), "test")).isNotNull();
        }
        assertThat(vault.count("unwrapkey")).isEqualTo(1);

        WrappedKeks.WrappedKek row = new WrappedKeks(jdbc).all().getFirst();
        KeyVaultKekTest.assertNoKeyMaterial(output.getAll(), vault.unwrapForTest(row.vaultKeyId(), row.wrappedKey()));
    }

    @Test
    void disabledVaultKeyStopsTheServiceStart() {
        try (ConfigurableApplicationContext app = run(vaultSettings())) {
            assertThat(app.getBean(SecretCipher.class).currentKeyId()).startsWith("kv-");
        }
        vault.disable(KEY);

        assertThatThrownBy(() -> run(vaultSettings()).close())
                .hasStackTraceContaining("Cannot load the key-encryption key: Azure Key Vault key " + vault.keyId(KEY)
                        + " answered Forbidden");
    }

    private ConfigurableApplicationContext run(String... extra) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                "--spring.datasource.url=" + database, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres"));
        args.addAll(List.of(extra));
        return new SpringApplication(DockyardApplication.class).run(args.toArray(String[]::new));
    }

    private String[] vaultSettings(String... extra) {
        List<String> args = new ArrayList<>(List.of("--dockyard.pki.kek=",
                "--dockyard.pki.key-vault.key-id=" + vault.keyId(KEY),
                "--dockyard.pki.key-vault.trusted-ca=" + vault.caFile()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static UUID createHostWithSecrets(ConfigurableApplicationContext app) {
        String token = app.getBean(ApiTokens.class).issue(new NewApiToken("team-a", Role.USER, "test", null), "test")
                .secret();
        String body = """
                {"name":"moved","location":"westeurope","sshPublicKeys":["%s"],
                 "network":{"allowedSourceRanges":["203.0.113.0/24"]},
                 "docker":{"registryLogins":[{"server":"acme.azurecr.io","username":"robot","password":"old-password-123"}],
                           "environment":{"API_KEY":"old-env-456"}}}
                """.formatted(SshKeys.ed25519());
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        ApiResponse created = new ApiClient(port).post("/api/v1/hosts", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asString());
    }

    /** Every key id under which host secrets and CA keys are sealed. */
    private List<String> keyIds() {
        List<String> ids = new ArrayList<>(jdbc.sql("select key_id from host_secrets").query(String.class).list());
        ids.addAll(jdbc.sql("select key_id from pki_authorities").query(String.class).list());
        assertThat(ids).isNotEmpty();
        return ids;
    }

    private Map<String, String> secrets(SecretCipher cipher, UUID hostId) {
        Map<String, String> values = new HashMap<>();
        jdbc.sql("select name, key_id, nonce, ciphertext from host_secrets where host_id = :h").param("h", hostId)
                .query((rs, n) -> values.put(rs.getString(1), cipher.open(new SealedSecret(rs.getString(2),
                        rs.getBytes(3), rs.getBytes(4)), "host-secret:" + hostId + ":" + rs.getString(1))))
                .list();
        return values;
    }
}
