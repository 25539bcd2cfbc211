package io.dockyard.security;

/**
 * Who is calling: a stable subject for records (e.g. {@code token:<id>}), the team the caller acts
 * for and its role. Other modules decide visibility from this alone: a user reaches its own team,
 * an admin reaches every team.
 */
public record CallerPrincipal(String subject, String team, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see or touch something that belongs to {@code otherTeam}. */
    public boolean canAccess(String otherTeam) {
        return isAdmin() || team.equals(otherTeam);
    }
}
