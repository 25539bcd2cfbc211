package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real dockerd for one simulated VM, configured from the VM's daemon.json and confined to its
 * sandbox: data under the sandbox, sockets and exec-root in a short private directory under /tmp,
 * no iptables or bridge. Started and stopped with its whole process tree (containerd included).
 */
final class DockerdEngine implements Engine {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final EngineSpec spec;
    private final Process process;
    private final String message;
    private volatile boolean stopped;

    private DockerdEngine(EngineSpec spec, Process process, String message) {
        this.spec = spec;
        this.process = process;
        this.message = message;
    }

    static DockerdEngine start(EngineSpec spec, Duration startTimeout) throws EngineStartException {
        Path dockerd = Executables.find("dockerd")
                .orElseThrow(() -> new EngineStartException("dockerd is not installed on the simulator's machine"));
        Sandbox sandbox = spec.sandbox();
        Path runtime = sandbox.runtimeDir();
        Path configFile = sandbox.simulatorDir().resolve("dockerd.json");
        Process process;
        try {
            Files.createDirectories(runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(sandbox.dockerSocket());
            Files.writeString(configFile, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(DockerdConfig.rewrite(spec)));
            List<String> command = new ArrayList<>(List.of(dockerd.toString(), "--config-file", configFile.toString()));
            command.addAll(spec.extraFlags());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(sandbox.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.dockerdLog().toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER_"));
            process = builder.start();
        } catch (IOException e) {
            deleteRecursively(runtime);
            throw new EngineStartException("cannot start dockerd: " + e.getMessage(), e);
        }
        DockerdEngine engine = new DockerdEngine(spec, process, spec.config().hasTcp() && spec.address() != null
                ? "dockerd listening on " + spec.endpoint() + (spec.config().tls() ? " (TLS)" : " (plain HTTP)")
                : "dockerd running without a TCP endpoint");
        engine.awaitReady(startTimeout);
        return engine;
    }

    private void awaitReady(Duration timeout) throws EngineStartException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String reason = "dockerd exited with status " + process.exitValue() + ": " + logTail();
                stop();
                throw new EngineStartException(reason);
            }
            if (UnixSocketPing.ping(spec.sandbox().dockerSocket(), Duration.ofSeconds(2))) {
                break;
            }
            if (System.nanoTime() > deadline) {
                String reason = "dockerd did not answer within " + timeout.toSeconds() + "s: " + logTail();
                stop();
                throw new EngineStartException(reason);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new EngineStartException("interrupted while waiting for dockerd");
            }
        }
        if (spec.config().hasTcp() && spec.address() != null) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(spec.address(), spec.config().tcpPort()), 2000);
            } catch (IOException e) {
                stop();
                throw new EngineStartException("dockerd answers on its unix socket but not on " + spec.endpoint()
                        + ": " + e.getMessage());
            }
        }
    }

    private String logTail() {
        String tail = OutputTail.of(spec.sandbox().dockerdLog(), 2048).strip();
        return tail.isEmpty() ? "(dockerd.log is empty)" : "\n" + tail;
    }

    @Override
    public EngineView view() {
        String state;
        String text = message;
        if (stopped) {
            state = EngineView.STOPPED;
        } else if (process.isAlive()) {
            state = EngineView.RUNNING;
        } else {
            state = EngineView.FAILED;
            text = "dockerd exited unexpectedly with status " + process.exitValue();
        }
        boolean tcp = spec.config().hasTcp() && spec.address() != null;
        return new EngineView(spec.extensionKey(), EngineMode.DOCKERD, spec.addressText(),
                tcp ? spec.config().tcpPort() : 0, tcp && spec.config().tls(), state, text, spec.sandbox().root());
    }

    @Override
    public boolean running() {
        return !stopped && process.isAlive();
    }

    /** The unix socket this daemon serves its API on (plain HTTP). */
    Path socket() {
        return spec.sandbox().dockerSocket();
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Path runtime = spec.sandbox().runtimeDir();
        Set<ProcessHandle> others = new LinkedHashSet<>(ProcessTrees.tree(process.toHandle()));
        others.remove(process.toHandle());
        others.addAll(ProcessTrees.mentioning(runtime.toString()));
        ProcessTrees.terminate(process.toHandle(), others, STOP_GRACE);
        ProcessTrees.kill(ProcessTrees.mentioning(runtime.toString()));
        deleteRecursively(runtime);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover directory under /tmp is harmless
        }
    }
}
