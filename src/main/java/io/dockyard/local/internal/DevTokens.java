package io.dockyard.local.internal;

import io.dockyard.security.ApiTokens;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.NewApiToken;
import io.dockyard.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Local mode's dev API tokens for {@code team-a}, {@code team-b} and an admin. They are kept in
 * {@code ./.dockyard/tokens.env} and reused across restarts while the database still knows them;
 * a token that no longer works (revoked, expired, fresh database) is replaced.
 */
@Component
@Profile("local")
class DevTokens {

    record DevToken(String variable, String team, Role role) {
    }

    static final List<DevToken> TOKENS = List.of(
            new DevToken("DOCKYARD_TOKEN_TEAM_A", "team-a", Role.USER),
            new DevToken("DOCKYARD_TOKEN_TEAM_B", "team-b", Role.USER),
            new DevToken("DOCKYARD_TOKEN_ADMIN", "platform", Role.ADMIN));

    private final ApiTokens tokens;
    private final Path file;

    DevTokens(ApiTokens tokens, LocalProperties properties) {
        this.tokens = tokens;
        this.file = properties.dataDir().resolve("tokens.env");
    }

    /** Ensures every dev token works and returns them by variable name, in order. */
    Map<String, String> ensure() {
        Properties existing = read();
        Map<String, String> out = new LinkedHashMap<>();
        for (DevToken dev : TOKENS) {
            String secret = existing.getProperty(dev.variable());
            Optional<CallerPrincipal> principal = secret == null ? Optional.empty() : tokens.authenticate(secret);
            if (principal.isEmpty() || !principal.get().team().equals(dev.team()) || principal.get().role() != dev.role()) {
                secret = tokens.issue(new NewApiToken(dev.team(), dev.role(), "local mode dev token (" + dev.team() + ")",
                        Instant.now().plus(365, ChronoUnit.DAYS)), "local-mode").secret();
            }
            out.put(dev.variable(), secret);
        }
        write(out);
        return out;
    }

    Path file() {
        return file;
    }

    private Properties read() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    private void write(Map<String, String> values) {
        StringBuilder text = new StringBuilder("# Dockyard local-mode dev tokens. Use: source .dockyard/tokens.env\n");
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not POSIX; the directory is the developer's own.
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
