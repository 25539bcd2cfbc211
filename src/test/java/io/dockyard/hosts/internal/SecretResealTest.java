package io.dockyard.hosts.internal;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.pki.SealedSecret;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.ForeignSeal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a key-encryption key rotation the database still holds values sealed under the old key: they keep opening
 * (the old key is in {@code other-keks}), and the background re-seal moves them — host secrets here, CA keys in pki —
 * under the current key, after which the old key could go.
 */
@TestPropertySource(properties = "dockyard.pki.other-keks.retired-kek=" + SecretResealTest.OLD)
class SecretResealTest extends ApiTestSupport {

    static final String OLD = "b2xkLWtleS1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyE=";

    @Autowired
    HostSecretStore secrets;
    @Autowired
    Housekeeping housekeeping;

    @Test
    void secretsSealedUnderARetiredKeyStillOpenAndAreResealedUnderTheCurrentOne() {
        UUID id = UUID.fromString(create(teamA, specWithSecrets("rotated", "acme.azurecr.io", "old-password-123",
                "old-env-456")).path("id").asString());
        Map<String, String> before = secrets.readAll(id);
        before.forEach((name, value) -> {
            SealedSecret old = ForeignSeal.seal("retired-kek", OLD, value, "host-secret:" + id + ":" + name);
            jdbc.sql("update host_secrets set key_id = :k, nonce = :n, ciphertext = :c where host_id = :h and name = :name")
                    .param("k", old.keyId()).param("n", old.nonce()).param("c", old.ciphertext())
                    .param("h", id).param("name", name).update();
        });
        assertThat(keyIds(id)).containsOnly("retired-kek");
        assertThat(secrets.readAll(id)).as("values under the retired key still open").isEqualTo(before);

        housekeeping.resealSecrets();

        assertThat(keyIds(id)).containsOnly("test-kek");
        assertThat(secrets.readAll(id)).isEqualTo(before);
        assertThat(secrets.resealStale(100)).as("nothing stale is left").isZero();
    }

    private java.util.List<String> keyIds(UUID id) {
        return jdbc.sql("select key_id from host_secrets where host_id = :h").param("h", id).query(String.class).list();
    }
}
