package io.dockyard.hosts.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an OpenSSH public key line ({@code type base64 [comment]}) and checks the key inside the
 * blob, not just the text: the blob's own type must match the line's, RSA keys need at least 2048
 * bits (Azure's minimum), ECDSA curves must match their names and Ed25519 keys are 32 bytes.
 */
final class SshPublicKey {

    private static final Map<String, String> ECDSA_CURVES = Map.of(
            "ecdsa-sha2-nistp256", "nistp256",
            "ecdsa-sha2-nistp384", "nistp384",
            "ecdsa-sha2-nistp521", "nistp521");
    static final int MAX_LENGTH = 16 * 1024;

    private SshPublicKey() {
    }

    /** Empty when the key is acceptable, else the reason. */
    static Optional<String> problem(String line) {
        if (line.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = line.trim().split("\\s+", 3);
        if (parts.length < 2) {
            return Optional.of("must be an OpenSSH public key line: '<type> <base64> [comment]', e.g. the content of ~/.ssh/id_ed25519.pub");
        }
        String type = parts[0];
        if (!type.equals("ssh-rsa") && !type.equals("ssh-ed25519") && !ECDSA_CURVES.containsKey(type)) {
            return Optional.of("key type '" + type + "' is not supported; use ssh-ed25519, ssh-rsa (2048 bits or more) or ecdsa-sha2-nistp256/384/521");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.of("the key data is not valid base64");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            String inner = new String(next(in), StandardCharsets.US_ASCII);
            if (!inner.equals(type)) {
                return Optional.of("the key data says '" + inner + "' but the line says '" + type + "'");
            }
            Optional<String> result = switch (type) {
                case "ssh-rsa" -> rsa(in);
                case "ssh-ed25519" -> next(in).length == 32 ? Optional.empty()
                        : Optional.of("an Ed25519 key must be 32 bytes");
                default -> ecdsa(in, ECDSA_CURVES.get(type));
            };
            if (result.isEmpty() && in.hasRemaining()) {
                return Optional.of("the key data has trailing bytes");
            }
            return result;
        } catch (RuntimeException e) {
            return Optional.of("the key data is truncated or malformed");
        }
    }

    private static Optional<String> rsa(ByteBuffer in) {
        BigInteger exponent = new BigInteger(1, next(in));
        BigInteger modulus = new BigInteger(1, next(in));
        if (exponent.signum() <= 0 || !exponent.testBit(0)) {
            return Optional.of("the RSA public exponent is invalid");
        }
        if (modulus.bitLength() < 2048) {
            return Optional.of("RSA keys must have at least 2048 bits; this one has " + modulus.bitLength());
        }
        if (modulus.bitLength() > 16384) {
            return Optional.of("RSA keys over 16384 bits are not supported");
        }
        return Optional.empty();
    }

    private static Optional<String> ecdsa(ByteBuffer in, String curve) {
        String named = new String(next(in), StandardCharsets.US_ASCII);
        if (!named.equals(curve)) {
            return Optional.of("the key's curve '" + named + "' does not match its type");
        }
        byte[] point = next(in);
        int size = switch (curve) {
            case "nistp256" -> 32;
            case "nistp384" -> 48;
            default -> 66;
        };
        if (point.length != 1 + 2 * size || point[0] != 4) {
            return Optional.of("the ECDSA point is not an uncompressed point on " + curve);
        }
        return Optional.empty();
    }

    private static byte[] next(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }
}
