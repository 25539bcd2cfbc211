package io.dockyard.bootstrap.internal;

import java.util.Map;

/**
 * The Compose project's {@code .env}, from which {@code docker compose} interpolates
 * {@code ${NAME}} in the Compose file. Values are written so that Compose reads back exactly the
 * same string: single-quoted (literal, no interpolation, may span lines) unless the value holds a
 * single quote, then double-quoted with escapes. Compose's parser looks only one character back
 * for an escaped closing quote and trims quote characters at both ends, so a few values have no
 * faithful spelling; those are refused rather than delivered changed.
 */
final class ComposeEnvFile {

    private ComposeEnvFile() {
    }

    static String render(Map<String, String> environment) {
        StringBuilder out = new StringBuilder("# Written by Dockyard: the host's environment for docker compose.\n");
        environment.forEach((name, value) -> out.append(name).append('=').append(quote(name, value)).append('\n'));
        return out.toString();
    }

    static String quote(String name, String value) {
        if (value.endsWith("\\")) {
            throw new IllegalArgumentException("environment variable " + name
                    + " ends with a backslash, which Compose's .env format cannot hold");
        }
        if (value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        if (value.startsWith("\"") || value.endsWith("\"")) {
            throw new IllegalArgumentException("environment variable " + name
                    + " holds a single quote and begins or ends with a double quote, which Compose's .env format cannot hold");
        }
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("\\$");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
