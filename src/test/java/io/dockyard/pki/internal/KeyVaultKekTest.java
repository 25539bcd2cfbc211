package io.dockyard.pki.internal;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.dockyard.pki.SealedSecret;
import io.dockyard.support.ForeignSeal;
import io.dockyard.support.KeyVaultDouble;
import io.dockyard.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key-encryption key as a data key wrapped by Key Vault: the real Azure SDK against {@link KeyVaultDouble} over
 * HTTPS, and a real PostgreSQL database of its own per test. Each {@link KeyVaultKek} built here is one instance
 * starting; a second one on the same database is a restart or another instance.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyVaultKekTest {

    private static final String KEY = "dockyard-kek";
    private static final String ENVIRONMENT_KEK = "b2xkLWtleS1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyE=";

    @TempDir
    Path dir;

    private KeyVaultDouble vault;
    private String firstVersion;
    private JdbcClient jdbc;
    private WrappedKeks store;

    @BeforeEach
    void start() {
        vault = KeyVaultDouble.start(dir);
        firstVersion = vault.createRsaKey(KEY);
        DataSource database = new DriverManagerDataSource(TestDatabase.newDatabase("kek"), "postgres", "postgres");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(database);
        store = new WrappedKeks(jdbc);
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void firstStartGeneratesADataKeyAndStoresItOnlyWrapped(CapturedOutput output) {
        KeyVaultKek kek = instance();
        AesGcmSecretCipher cipher = cipher(kek);

        WrappedKeks.WrappedKek row = onlyRow();
        assertThat(row.kekId()).startsWith("kv-").isEqualTo(cipher.currentKeyId());
        assertThat(row.vaultKey()).isEqualTo(vault.keyId(KEY));
        assertThat(row.vaultKeyId()).isEqualTo(firstVersion);
        assertThat(row.algorithm()).isEqualTo("RSA-OAEP-256");
        byte[] dataKey = vault.unwrapForTest(row.vaultKeyId(), row.wrappedKey());
        assertThat(dataKey).hasSize(32);
        assertThat(row.wrappedKey()).hasSize(256).isNotEqualTo(dataKey);
        assertThat(HexFormat.of().formatHex(row.wrappedKey())).doesNotContain(HexFormat.of().formatHex(dataKey));
        SealedSecret outside = ForeignSeal.seal(row.kekId(), Base64.getEncoder().encodeToString(dataKey), "v", "c");
        assertThat(cipher.open(outside, "c")).as("the cipher seals with the key that is stored wrapped").isEqualTo("v");
        assertThat(vault.count("wrapkey")).isEqualTo(1);
        assertThat(vault.count("unwrapkey")).as("the instance that generated the key has it already").isZero();
        assertThat(vault.challenges()).as("the SDK took the bearer challenge first").isEqualTo(1);
        assertThat(vault.apiVersions()).isNotEmpty();
        assertNoKeyMaterial(output.getAll(), dataKey);
    }

    @Test
    void unwrapsTheStoredKeyOnceAtStart(CapturedOutput output) {
        AesGcmSecretCipher first = cipher(instance());
        List<SealedSecret> sealed = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sealed.add(first.seal("secret-" + i, "context-" + i));
        }
        int unwrapsBefore = vault.count("unwrapkey");

        AesGcmSecretCipher restarted = cipher(instance());
        for (int i = 0; i < sealed.size(); i++) {
            assertThat(restarted.open(sealed.get(i), "context-" + i)).isEqualTo("secret-" + i);
        }
        restarted.seal("more", "c");

        assertThat(restarted.currentKeyId()).as("the key id is stable across restarts").isEqualTo(first.currentKeyId());
        assertThat(vault.count("unwrapkey") - unwrapsBefore).as("one unwrap per start, none per secret").isEqualTo(1);
        assertThat(vault.requests()).contains("POST " + path(firstVersion) + "/unwrapkey");
        assertThat(jdbc.sql("select count(*) from pki_wrapped_keks").query(Long.class).single()).isEqualTo(1);
        assertNoKeyMaterial(output.getAll(), vault.unwrapForTest(firstVersion, onlyRow().wrappedKey()));
    }

    @Test
    void rewrapsUnderTheNewestVersionAfterRotationWithoutResealing() {
        KeyVaultKek kek = instance();
        AesGcmSecretCipher cipher = cipher(kek);
        SealedSecret before = cipher.seal("registry password", "host-secret:h:r");
        WrappedKeks.WrappedKek wrappedBefore = onlyRow();

        String secondVersion = vault.rotate(KEY);
        kek.rewrap();

        WrappedKeks.WrappedKek wrappedAfter = onlyRow();
        assertThat(wrappedAfter.vaultKeyId()).isEqualTo(secondVersion).isNotEqualTo(firstVersion);
        assertThat(wrappedAfter.kekId()).isEqualTo(wrappedBefore.kekId());
        assertThat(wrappedAfter.wrappedKey()).isNotEqualTo(wrappedBefore.wrappedKey());
        assertThat(vault.unwrapForTest(secondVersion, wrappedAfter.wrappedKey()))
                .as("the same data key, wrapped under the new version")
                .isEqualTo(vault.unwrapForTest(firstVersion, wrappedBefore.wrappedKey()));
        assertThat(cipher.open(before, "host-secret:h:r")).isEqualTo("registry password");
        assertThat(cipher.currentKeyId()).as("nothing needs re-sealing").isEqualTo(before.keyId());

        int wraps = vault.count("wrapkey");
        kek.rewrap();
        assertThat(vault.count("wrapkey")).as("a check without a new version changes nothing").isEqualTo(wraps);

        AesGcmSecretCipher restarted = cipher(instance());
        assertThat(restarted.open(before, "host-secret:h:r")).isEqualTo("registry password");
        assertThat(vault.requests()).last().isEqualTo("POST " + path(secondVersion) + "/unwrapkey");
    }

    @Test
    void aRestartAfterRotationUnwrapsWithTheOldVersionAndRewrapsUnderTheNew() {
        SealedSecret before = cipher(instance()).seal("value", "c");
        String secondVersion = vault.rotate(KEY);

        AesGcmSecretCipher restarted = cipher(instance());

        assertThat(vault.requests()).containsSubsequence("POST " + path(firstVersion) + "/unwrapkey",
                "POST " + path(secondVersion) + "/wrapkey");
        assertThat(onlyRow().vaultKeyId()).isEqualTo(secondVersion);
        assertThat(restarted.open(before, "c")).isEqualTo("value");
        assertThat(cipher(instance()).open(before, "c")).isEqualTo("value");
    }

    @Test
    void aPinnedVersionKeepsWrappingUntilTheSettingFollowsTheNewest() {
        KeyVaultKek pinned = instance(firstVersion);
        String secondVersion = vault.rotate(KEY);

        pinned.rewrap();
        assertThat(onlyRow().vaultKeyId()).isEqualTo(firstVersion);

        KeyVaultKek following = instance(vault.keyId(KEY));
        assertThat(following.current().id()).isEqualTo(pinned.current().id());
        assertThat(onlyRow().vaultKeyId()).isEqualTo(secondVersion);
    }

    @Test
    void twoInstancesStartingTogetherShareOneDataKey() throws Exception {
        int instances = 4;
        CyclicBarrier together = new CyclicBarrier(instances);
        List<Callable<AesGcmSecretCipher>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < instances; i++) {
            starts.add(() -> {
                together.await();
                return cipher(instance());
            });
        }
        List<AesGcmSecretCipher> ciphers = new java.util.ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(instances)) {
            for (Future<AesGcmSecretCipher> started : pool.invokeAll(starts)) {
                ciphers.add(started.get());
            }
        }

        assertThat(ciphers).extracting(AesGcmSecretCipher::currentKeyId).containsOnly(onlyRow().kekId());
        SealedSecret sealed = ciphers.getFirst().seal("shared", "c");
        assertThat(ciphers).allSatisfy(c -> assertThat(c.open(sealed, "c")).isEqualTo("shared"));
        assertThat(vault.count("unwrapkey")).as("every instance but the one whose key was stored unwraps it")
                .isEqualTo(instances - 1);
    }

    @Test
    void disabledVaultKeyStopsStartWithItsCode(CapturedOutput output) {
        instance();
        byte[] dataKey = vault.unwrapForTest(firstVersion, onlyRow().wrappedKey());
        vault.disable(KEY);

        assertThatThrownBy(this::instance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(vault.keyId(KEY))
                .hasMessageContaining("answered Forbidden")
                .hasMessageContaining("not allowed on a disabled key")
                .hasMessageContaining("Key Vault Crypto User")
                .satisfies(e -> assertNoKeyMaterial(messages(e), dataKey));
        assertNoKeyMaterial(output.getAll(), dataKey);
    }

    @Test
    void unreachableVaultStopsStartNamingTheKey() {
        instance();
        vault.close();

        assertThatThrownBy(this::instance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(vault.keyId(KEY))
                .hasMessageContaining("could not be reached (Unreachable");
    }

    @Test
    void keepsRunningOnTheKeyInMemoryWhenKeyVaultBecomesUnreachable(CapturedOutput output) {
        KeyVaultKek kek = instance();
        AesGcmSecretCipher cipher = cipher(kek);
        SealedSecret before = cipher.seal("value", "c");
        vault.close();

        kek.rewrap();

        assertThat(output.getAll()).contains("Could not check Key Vault key " + vault.keyId(KEY))
                .contains("Unreachable").contains("stays in use");
        assertThat(cipher.open(before, "c")).isEqualTo("value");
        assertThat(cipher.open(cipher.seal("after", "c"), "c")).isEqualTo("after");
    }

    @Test
    void secretsSealedUnderTheEnvironmentKeyStillOpenAndResealUnderTheVaultKey() {
        SealedSecret underEnvironmentKey = ForeignSeal.seal("kek-1", ENVIRONMENT_KEK, "old value", "c");
        KeyVaultKek kek = instance();
        AesGcmSecretCipher cipher = new AesGcmSecretCipher(properties(vault.keyId(KEY),
                Map.of("dockyard.pki.other-keks.kek-1", ENVIRONMENT_KEK)), Optional.of(kek));

        assertThat(cipher.open(underEnvironmentKey, "c")).isEqualTo("old value");
        SealedSecret resealed = cipher.seal(cipher.open(underEnvironmentKey, "c"), "c");
        assertThat(resealed.keyId()).startsWith("kv-");
        assertThat(cipher(instance()).open(resealed, "c")).as("without the environment key").isEqualTo("old value");
    }

    @Test
    void afterASwitchToAnotherVaultKeyTheOldDataKeyStillOpens(CapturedOutput output) {
        AesGcmSecretCipher before = cipher(instance());
        SealedSecret old = before.seal("value", "c");
        vault.createRsaKey("next-kek");

        AesGcmSecretCipher after = cipher(instance(vault.keyId("next-kek")));

        assertThat(after.currentKeyId()).startsWith("kv-").isNotEqualTo(before.currentKeyId());
        assertThat(after.open(old, "c")).isEqualTo("value");
        assertThat(store.all()).extracting(WrappedKeks.WrappedKek::vaultKey)
                .containsExactlyInAnyOrder(vault.keyId(KEY), vault.keyId("next-kek"));

        vault.disable(KEY);
        AesGcmSecretCipher withoutTheOldKey = cipher(instance(vault.keyId("next-kek")));
        assertThat(withoutTheOldKey.currentKeyId()).isEqualTo(after.currentKeyId());
        assertThat(output.getAll()).contains("Key-encryption key " + before.currentKeyId() + " (wrapped by "
                + firstVersion + ", not the configured vault key) did not unwrap: Forbidden");
        assertThatThrownBy(() -> withoutTheOldKey.open(old, "c")).hasMessageContaining(before.currentKeyId());
    }

    @Test
    void theEnvironmentKeyAndAVaultKeyTogetherAreRefused() {
        KeyVaultKek kek = instance();

        assertThatThrownBy(() -> new AesGcmSecretCipher(properties(vault.keyId(KEY),
                Map.of("dockyard.pki.kek", ENVIRONMENT_KEK)), Optional.of(kek)))
                .hasMessageContaining("Set dockyard.pki.kek or dockyard.pki.key-vault.key-id, not both");
    }

    @Test
    void aKeyIdThatIsNotAKeyVaultKeyIsRefused() {
        assertThatThrownBy(() -> new KeyVaultKek(properties("https://myvault.vault.azure.net/secrets/x", Map.of()), store))
                .hasMessageContaining("dockyard.pki.key-vault.key-id must be a Key Vault key identifier");
    }

    private KeyVaultKek instance() {
        return instance(vault.keyId(KEY));
    }

    private KeyVaultKek instance(String keyId) {
        return new KeyVaultKek(properties(keyId, Map.of()), store);
    }

    private AesGcmSecretCipher cipher(KeyVaultKek kek) {
        return new AesGcmSecretCipher(properties(vault.keyId(KEY), Map.of()), Optional.of(kek));
    }

    private PkiProperties properties(String keyId, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("dockyard.pki.key-vault.key-id", keyId);
        settings.put("dockyard.pki.key-vault.trusted-ca", vault.caFile().toString());
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("dockyard.pki", Bindable.of(PkiProperties.class));
    }

    private WrappedKeks.WrappedKek onlyRow() {
        List<WrappedKeks.WrappedKek> rows = store.all();
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static String path(String kid) {
        return java.net.URI.create(kid).getPath();
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    static void assertNoKeyMaterial(String text, byte[] dataKey) {
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(dataKey))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(dataKey))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(dataKey));
    }
}
