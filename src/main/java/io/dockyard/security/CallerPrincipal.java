package io.dockyard.security;

import java.util.List;
import java.util.Objects;

/**
 * Who is calling: a stable subject for records ({@code token:<id>} for an API token,
 * {@code oidc:<name>} for a signed-in person), the teams the caller belongs to and its role. Other
 * modules decide visibility from this alone: a user reaches its own teams, an admin reaches every
 * team. An API token always has exactly one team; a person signed in with OIDC may have several.
 */
public record CallerPrincipal(String subject, List<String> teams, Role role) {

    public CallerPrincipal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        teams = teams.stream().map(Objects::requireNonNull).distinct().sorted().toList();
    }

    /** A caller of exactly one team, as every API token is. */
    public CallerPrincipal(String subject, String team, Role role) {
        this(subject, List.of(team), role);
    }

    /**
     * The team the caller acts for when it names none: its only team, or null when it belongs to
     * several or to none, in which case whatever creates something owned by a team must be told which.
     */
    public String team() {
        return teams.size() == 1 ? teams.getFirst() : null;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see or touch something that belongs to {@code otherTeam}. */
    public boolean canAccess(String otherTeam) {
        return isAdmin() || teams.contains(otherTeam);
    }
}
