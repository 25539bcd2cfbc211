package io.dockyard.hosts.internal;

import io.dockyard.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque page cursors. They only carry the last key seen, so a page costs the same at any depth
 * and rows added meanwhile are neither skipped nor repeated.
 */
final class Cursors {

    private Cursors() {
    }

    static String ofHost(UUID id) {
        return encode("h1:" + id);
    }

    static UUID host(String cursor) {
        String text = decode(cursor, "h1:");
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    static String ofEvent(long id) {
        return encode("e1:" + id);
    }

    static long event(String cursor) {
        try {
            return Long.parseLong(decode(cursor, "e1:"));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String prefix) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith(prefix)) {
            throw invalid();
        }
        return text.substring(prefix.length());
    }

    private static ApiProblem invalid() {
        return ApiProblem.invalidParameter("cursor", "is not a cursor this API handed out; start again without it");
    }
}
