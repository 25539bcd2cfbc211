package io.dockyard.hosts.internal;

import io.dockyard.web.ApiProblem;
import java.util.regex.Pattern;

/**
 * The accepted shape of an {@code Idempotency-Key}: 1-255 visible ASCII characters (a UUID is the
 * usual choice).
 */
final class IdempotencyKeyHeader {

    private static final Pattern VALID = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

    private IdempotencyKeyHeader() {
    }

    static String check(String key) {
        if (key == null) {
            return null;
        }
        if (!VALID.matcher(key).matches()) {
            throw ApiProblem.invalidParameter("Idempotency-Key",
                    "header must be 1-255 visible ASCII characters, e.g. a UUID");
        }
        return key;
    }
}
