package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTagTest {

    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

    @Test
    void memberOrderDoesNotChangeTheTag() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("a", 1);
        one.put("b", Map.of("x", "y"));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("b", Map.of("x", "y"));
        other.put("a", 1);

        assertThat(PayloadTag.of(KEY, one)).isEqualTo(PayloadTag.of(KEY, other)).matches("[0-9a-f]{64}");
    }

    @Test
    void tagIsKeyedSoAGuessedSecretCannotBeCheckedAgainstIt() throws Exception {
        Map<String, Object> content = Map.of("password", "hunter2");
        String plainHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(CanonicalJson.write(content).getBytes(StandardCharsets.UTF_8)));

        assertThat(PayloadTag.of(KEY, content)).isNotEqualTo(plainHash)
                .isNotEqualTo(PayloadTag.of(KEY.replace("MIGH", "MIGI"), content));
    }

    @Test
    void canonicalJsonSortsMembersAndHasNoWhitespace() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("z", java.util.List.of(true, 1.5, "x\"y"));
        content.put("a", null);
        assertThat(CanonicalJson.write(content)).isEqualTo("{\"a\":null,\"z\":[true,1.5,\"x\\\"y\"]}");
    }
}
