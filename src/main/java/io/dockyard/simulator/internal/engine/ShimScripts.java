package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the command stand-ins a simulated VM's scripts find first on their PATH: always
 * {@code systemctl}, and {@code docker} when the engines are fakes (a real dockerd is driven by the
 * real CLI). The scripts ship as resources so they can be read and linted as shell.
 */
final class ShimScripts {

    static final String SYSTEMCTL = "systemctl";
    static final String DOCKER = "docker";
    private static final String RESOURCE_DIR = "/io/dockyard/simulator/engine/";

    private ShimScripts() {
    }

    /** Writes the shims for {@code mode} into {@code binDir} and returns their paths. */
    static List<Path> install(Path binDir, EngineMode mode) {
        List<Path> installed = new ArrayList<>();
        installed.add(write(binDir, SYSTEMCTL));
        if (mode == EngineMode.FAKE) {
            installed.add(write(binDir, DOCKER));
        }
        return installed;
    }

    private static Path write(Path binDir, String name) {
        try (InputStream in = ShimScripts.class.getResourceAsStream(RESOURCE_DIR + name + ".sh")) {
            if (in == null) {
                throw new IllegalStateException("missing shim resource " + RESOURCE_DIR + name + ".sh");
            }
            Files.createDirectories(binDir);
            Path target = binDir.resolve(name);
            Files.write(target, in.readAllBytes());
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the " + name + " shim into " + binDir, e);
        }
    }
}
