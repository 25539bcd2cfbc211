package io.dockyard.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stand-in VM for running the install script: a root directory for {@code DOCKYARD_ROOT}, and
 * {@code systemctl} and {@code docker} shims first on PATH that record their arguments (and, for
 * {@code --password-stdin}, how many bytes came on stdin, never the bytes) and succeed unless a
 * test asks otherwise through {@code SHIM_*} variables.
 */
public final class ScriptSandbox implements AutoCloseable {

    private static final String SYSTEMCTL = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >>"$SHIM_LOG/systemctl.log"
            case "${1:-}" in
                is-active) exit "${SHIM_ACTIVE_EXIT:-0}" ;;
                restart) exit "${SHIM_RESTART_EXIT:-0}" ;;
            esac
            exit 0
            """;

    private static final String DOCKER = """
            #!/usr/bin/env bash
            stdin_bytes=none
            for arg in "$@"; do
                if [[ "$arg" == --password-stdin ]]; then
                    stdin_bytes="$(wc -c | tr -d ' ')"
                fi
            done
            { printf '%q ' "$@"; printf '| stdin=%s\\n' "$stdin_bytes"; } >>"$SHIM_LOG/docker.log"
            if [[ "${1:-}" == info ]]; then
                if [[ "${SHIM_INFO_EXIT:-0}" != 0 ]]; then
                    echo "Cannot connect to the Docker daemon" >&2
                    exit "$SHIM_INFO_EXIT"
                fi
                echo "27.5.1"
            fi
            exit 0
            """;

    /** How one run ended. */
    public record Run(int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    private final Path dir;

    public ScriptSandbox() {
        try {
            dir = Files.createTempDirectory("dy-bootstrap");
            Files.createDirectories(root());
            Files.createDirectories(logs());
            Path bin = Files.createDirectories(dir.resolve("bin"));
            shim(bin.resolve("systemctl"), SYSTEMCTL);
            shim(bin.resolve("docker"), DOCKER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void shim(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path dir() {
        return dir;
    }

    /** What the script sees as /. */
    public Path root() {
        return dir.resolve("root");
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    /** A VM path inside the sandbox. */
    public Path vm(String path) {
        return root().resolve(path.replaceFirst("^/+", ""));
    }

    public Run run(String script, Map<String, String> environment) {
        try {
            Path file = dir.resolve("script.sh");
            Files.writeString(file, script);
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("DOCKER") || name.startsWith("SHIM_"));
            env.put("PATH", dir.resolve("bin") + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("HOME", dir.toString());
            env.put("DOCKYARD_ROOT", root().toString());
            env.put("DOCKYARD_SKIP_INSTALL", "1");
            env.put("SHIM_LOG", logs().toString());
            env.putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the script did not finish within 60s");
            }
            return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Run run(String script) {
        return run(script, Map.of());
    }

    /** The lines a shim logged ({@code systemctl} or {@code docker}), and forgets them. */
    public List<String> takeLog(String shim) {
        Path log = logs().resolve(shim + ".log");
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String vmPath) {
        try {
            return Files.readString(vm(vmPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String mode(String vmPath) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(vm(vmPath));
            return PosixFilePermissions.toString(permissions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(dir);
    }

    static void delete(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
