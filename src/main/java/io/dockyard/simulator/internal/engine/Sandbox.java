package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The directory that stands in for a VM's file system during one extension run. Paths the payload
 * names as VM paths ("/etc/docker/ca.pem") resolve inside it, and the simulator's own bookkeeping
 * (shims, handshake files, logs) lives in its hidden {@code .simulator} folder.
 */
record Sandbox(Path root) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates a fresh, uniquely named sandbox under {@code <workDir>/sandboxes}. */
    static Sandbox create(Path workDir, String vmName) {
        try {
            Path parent = Files.createDirectories(workDir.resolve("sandboxes")).toAbsolutePath().normalize();
            String prefix = prefix(vmName);
            while (true) {
                byte[] suffix = new byte[4];
                RANDOM.nextBytes(suffix);
                try {
                    Sandbox sandbox = new Sandbox(Files.createDirectory(parent.resolve(prefix + HexFormat.of().formatHex(suffix))));
                    Files.createDirectories(sandbox.requests());
                    Files.createDirectories(sandbox.replies());
                    Files.createDirectories(sandbox.bin());
                    return sandbox;
                } catch (FileAlreadyExistsException taken) {
                    // try another suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sandbox under " + workDir, e);
        }
    }

    private static String prefix(String vmName) {
        String cleaned = vmName == null ? "" : vmName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        cleaned = cleaned.length() > 24 ? cleaned.substring(0, 24) : cleaned;
        return cleaned.isBlank() ? "vm-" : cleaned + "-";
    }

    /**
     * Resolves a path as the VM would see it. Absolute paths are rooted in the sandbox, relative ones
     * are taken from its root, and a path that already points into the sandbox is kept.
     *
     * @throws IllegalArgumentException if the path would leave the sandbox
     */
    Path vmPath(String path) {
        Path given = Path.of(path);
        if (given.isAbsolute() && given.normalize().startsWith(root)) {
            return given.normalize();
        }
        String relative = path.replaceFirst("^/+", "");
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path " + path + " leaves the VM's file system");
        }
        return resolved;
    }

    Path simulatorDir() {
        return root.resolve(".simulator");
    }

    Path bin() {
        return simulatorDir().resolve("bin");
    }

    Path requests() {
        return simulatorDir().resolve("requests");
    }

    Path replies() {
        return simulatorDir().resolve("replies");
    }

    Path stdout() {
        return simulatorDir().resolve("stdout");
    }

    Path stderr() {
        return simulatorDir().resolve("stderr");
    }

    Path dockerLog() {
        return simulatorDir().resolve("docker.log");
    }

    Path daemonJson() {
        return vmPath("/etc/docker/daemon.json");
    }

    Path dockerdLog() {
        return root.resolve("dockerd.log");
    }

    /**
     * A short private directory under /tmp for a real dockerd's sockets and exec-root: unix socket
     * paths are limited to about 100 bytes, too little for paths inside a work directory. It is
     * derived from the sandbox so it is known before the engine starts (for DOCKER_HOST).
     */
    Path runtimeDir() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(root.toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/tmp", "dy-" + HexFormat.of().formatHex(digest, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The unix socket a real dockerd for this sandbox listens on. */
    Path dockerSocket() {
        return runtimeDir().resolve("docker.sock");
    }

    /** Where the docker CLI keeps its config for commands the simulator runs for this VM. */
    Path dockerConfigDir() {
        return vmPath("/root/.docker");
    }
}
