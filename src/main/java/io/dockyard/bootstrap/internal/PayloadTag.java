package io.dockyard.bootstrap.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The extension's {@code forceUpdateTag}: a fingerprint of everything the payload says, so Azure
 * re-runs the extension exactly when the payload changed.
 *
 * <p>The tag is public (anyone who can read the VM sees it), while the payload holds secrets, some
 * of them guessable (a short registry password, an environment value). A plain hash would let a
 * reader test guesses offline. So the tag is an HMAC-SHA256 keyed with a hash of the host's server
 * private key: every payload holds that key, it is a fresh high-entropy key per certificate, and
 * without it no guess can be checked.
 */
final class PayloadTag {

    private static final String KEY_CONTEXT = "dockyard bootstrap forceUpdateTag v1\n";

    private PayloadTag() {
    }

    /**
     * @param serverKeyPem the host's server private key, the HMAC's secret
     * @param content what the payload says, as JSON values; rendered canonically
     */
    static String of(String serverKeyPem, Object content) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256")
                    .digest((KEY_CONTEXT + serverKeyPem).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(CanonicalJson.write(content).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
