package io.dockyard.security;

/**
 * What a caller may do: {@code user} works within its team, {@code admin} sees every team and
 * manages API tokens.
 */
public enum Role {
    USER, ADMIN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role fromWire(String value) {
        return switch (value) {
            case "user" -> USER;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("unknown role " + value);
        };
    }
}
