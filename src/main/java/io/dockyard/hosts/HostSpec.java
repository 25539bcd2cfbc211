package io.dockyard.hosts;

import java.util.List;
import java.util.Map;

/**
 * What a team wants: one Docker host, validated and with every default filled in. Secret values
 * (registry passwords, environment values) are not part of it; they live encrypted beside the spec
 * and only their names appear here.
 */
public record HostSpec(
        String name,
        String location,
        String vmSize,
        String image,
        int osDiskSizeGb,
        String adminUsername,
        List<String> sshPublicKeys,
        DockerSettings docker,
        NetworkSettings network,
        Map<String, String> tags,
        boolean paused) {

    /**
     * How Docker is configured on the host. {@code daemonConfig} is the user's JSON object text that
     * is merged into daemon.json; {@code environment} names the variables whose values are secrets.
     */
    public record DockerSettings(int port, String engineVersion, String daemonConfig,
            List<RegistryLogin> registryLogins, List<String> environment, String compose) {
    }

    /** A registry to log in to; the password is a secret stored apart from the spec. */
    public record RegistryLogin(String server, String username) {
    }

    /** Who may reach the host: CIDRs for the Docker port, and whether SSH opens to the same ranges. */
    public record NetworkSettings(List<String> allowedSourceRanges, boolean sshAccess) {
    }
}
