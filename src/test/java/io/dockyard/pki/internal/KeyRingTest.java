package io.dockyard.pki.internal;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.dockyard.pki.SealedSecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key-encryption key ring that makes a rotation possible without downtime: values sealed under another
 * configured key still open, new values are sealed under the current key only, and an unknown key id fails loudly.
 */
class KeyRingTest {

    private static final String OLD = "b2xkLWtleS1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyE=";
    private static final String NEW = "bmV3LWtleS1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyE=";

    private static AesGcmSecretCipher cipher(String kek, String id, Map<String, String> others) {
        Map<String, String> settings = new HashMap<>();
        settings.put("dockyard.pki.kek", kek);
        settings.put("dockyard.pki.kek-id", id);
        others.forEach((otherId, key) -> settings.put("dockyard.pki.other-keks." + otherId, key));
        PkiProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("dockyard.pki", Bindable.of(PkiProperties.class));
        return new AesGcmSecretCipher(properties);
    }

    @Test
    void aValueSealedUnderTheOldKeyOpensAfterTheRotationAndNewValuesUseTheNewKey() {
        AesGcmSecretCipher before = cipher(OLD, "kek-1", Map.of());
        SealedSecret old = before.seal("registry password", "host-secret:h:r");

        AesGcmSecretCipher after = cipher(NEW, "kek-2", Map.of("kek-1", OLD));

        assertThat(after.open(old, "host-secret:h:r")).isEqualTo("registry password");
        SealedSecret fresh = after.seal("registry password", "host-secret:h:r");
        assertThat(fresh.keyId()).isEqualTo("kek-2");
        assertThat(after.currentKeyId()).isEqualTo("kek-2");
        assertThatThrownBy(() -> before.open(fresh, "host-secret:h:r"))
                .hasMessageContaining("sealed under key 'kek-2'").hasMessageContaining("other-keks");
    }

    @Test
    void aRollingDeploymentLearnsTheNextKeyBeforeItSealsWithIt() {
        AesGcmSecretCipher learning = cipher(OLD, "kek-1", Map.of("kek-2", NEW));
        AesGcmSecretCipher switched = cipher(NEW, "kek-2", Map.of("kek-1", OLD));

        assertThat(learning.seal("v", "c").keyId()).isEqualTo("kek-1");
        assertThat(learning.open(switched.seal("v", "c"), "c")).isEqualTo("v");
        assertThat(switched.open(learning.seal("v", "c"), "c")).isEqualTo("v");
    }

    @Test
    void theCurrentIdAmongTheOthersIsRefusedAtStart() {
        assertThatThrownBy(() -> cipher(NEW, "kek-2", Map.of("kek-2", OLD)))
                .hasMessageContaining("other-keks names the current key id 'kek-2'");
    }
}
