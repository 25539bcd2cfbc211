package io.dockyard.simulator.internal.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/**
 * What a Custom Script extension asks to run, decoded the way the real handler does: an inline
 * {@code script} (base64, optionally gzipped) wins over {@code commandToExecute}, and protected
 * settings win over public ones. Exactly one of {@code script} and {@code command} is set.
 */
record ScriptPayload(byte[] script, String command) {

    /** Thrown when the payload cannot be run at all; the message is meant for the extension status. */
    static final class InvalidPayloadException extends RuntimeException {
        InvalidPayloadException(String message) {
            super(message);
        }
    }

    static ScriptPayload from(JsonNode settings, JsonNode protectedSettings) {
        String script = firstNonBlank(Json.text(protectedSettings, "script"), Json.text(settings, "script"));
        boolean skipDos2Unix = Json.node(settings).path("skipDos2Unix").asBoolean(false)
                || Json.node(protectedSettings).path("skipDos2Unix").asBoolean(false);
        if (script != null) {
            byte[] bytes = decode(script);
            return new ScriptPayload(skipDos2Unix ? bytes : dos2unix(bytes), null);
        }
        String command = firstNonBlank(Json.text(protectedSettings, "commandToExecute"),
                Json.text(settings, "commandToExecute"));
        if (command != null) {
            return new ScriptPayload(null, command);
        }
        throw new InvalidPayloadException("invalid configuration: either 'commandToExecute' or 'script' should be specified");
    }

    private static byte[] decode(String script) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(script.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException("failed to decode script: it is not valid base64 (" + e.getMessage() + ")");
        }
        if (decoded.length >= 2 && (decoded[0] & 0xff) == 0x1f && (decoded[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(decoded))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new InvalidPayloadException("failed to decode script: gzip data is corrupt (" + e.getMessage() + ")");
            }
        }
        return decoded;
    }

    private static byte[] dos2unix(byte[] script) {
        return new String(script, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : null;
    }
}
