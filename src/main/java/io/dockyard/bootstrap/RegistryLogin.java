package io.dockyard.bootstrap;

import java.util.Objects;

/**
 * One registry the host's Docker logs in to after it starts. The password is a secret that only
 * ever travels in an extension's protected settings, so {@link #toString()} leaves it out.
 *
 * @param server registry host (e.g. {@code myregistry.azurecr.io}); null or blank means Docker Hub
 * @param username the registry user
 * @param password the registry password or token
 */
public record RegistryLogin(String server, String username, String password) {

    public RegistryLogin {
        server = server == null || server.isBlank() ? null : server.strip();
        if (server != null && !server.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("registry server must be printable ASCII without spaces: " + server);
        }
        Objects.requireNonNull(username, "registry username");
        if (username.isBlank() || username.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("registry username for " + describe(server)
                    + " must be non-blank and free of control characters");
        }
        Objects.requireNonNull(password, "registry password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("registry password for " + describe(server) + " is empty");
        }
    }

    private static String describe(String server) {
        return server == null ? "Docker Hub" : server;
    }

    @Override
    public String toString() {
        return "RegistryLogin[server=" + describe(server) + ", username=" + username + ", password=(redacted)]";
    }
}
