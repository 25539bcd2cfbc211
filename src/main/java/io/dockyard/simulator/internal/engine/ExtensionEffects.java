package io.dockyard.simulator.internal.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies VM extensions and keeps the Docker engines they configure running. Thread-safe.
 *
 * <p>This is what makes the simulated cloud's VM extensions do something: the Custom Script and
 * legacy Docker extensions end with a Docker engine reachable at the VM's public address over
 * exactly the TLS material the payload provided, so the code under test can be checked against
 * what a real VM would serve. Calls for one extension are serialised; different extensions run in
 * parallel. Every engine belongs to this object until it is removed or the object is closed.
 */
public final class ExtensionEffects implements AutoCloseable {

    private static final String AZURE_EXTENSIONS = "Microsoft.Azure.Extensions";

    private final CustomScriptEffect customScript;
    private final DockerExtensionEffect dockerExtension;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The engine of one extension and the lock that orders the calls about it. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile Engine engine;
    }

    public ExtensionEffects(EngineSettings settings) {
        Objects.requireNonNull(settings, "settings");
        EngineLauncher launcher = new EngineLauncher(settings);
        this.customScript = new CustomScriptEffect(settings, launcher);
        this.dockerExtension = new DockerExtensionEffect(settings, launcher);
    }

    /** Runs the extension's effect, blocking until done. Replaces (stops first) any engine this extensionKey had. */
    public ExtensionOutcome apply(ExtensionRun run) {
        Objects.requireNonNull(run, "run");
        ensureOpen();
        Slot slot = slots.computeIfAbsent(run.extensionKey(), key -> new Slot());
        slot.lock.lock();
        try {
            ensureOpen();
            stop(slot);
            EffectResult result = effect(run);
            Engine engine = result.engine();
            if (engine != null && closed) {
                engine.stop();
                engine = null;
            }
            slot.engine = engine;
            return new ExtensionOutcome(result.succeeded(), result.message(), result.stdoutTail(), result.stderrTail(),
                    engine == null ? null : engine.view());
        } finally {
            slot.lock.unlock();
        }
    }

    private EffectResult effect(ExtensionRun run) {
        String publisher = Objects.requireNonNullElse(run.publisher(), "");
        String type = Objects.requireNonNullElse(run.type(), "");
        try {
            if (publisher.equalsIgnoreCase(AZURE_EXTENSIONS) && type.equalsIgnoreCase("CustomScript")) {
                return customScript.run(run);
            }
            if (publisher.equalsIgnoreCase(AZURE_EXTENSIONS) && type.equalsIgnoreCase("DockerExtension")) {
                return dockerExtension.run(run);
            }
        } catch (RuntimeException e) {
            return EffectResult.failed("Enable failed: the simulator could not run the extension: " + e);
        }
        return EffectResult.succeeded("Extension " + publisher + "." + type + " has no simulated effect", null);
    }

    /** Stops the engine of one extension (extension deleted / removed out of band). No-op if none. */
    public void remove(String extensionKey) {
        Slot slot = slots.get(extensionKey);
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            stop(slot);
        } finally {
            slot.lock.unlock();
        }
    }

    /** Stops every engine of a VM (VM deleted or deallocated): all extensionKeys starting with vmKey + "/". */
    public void removeVm(String vmKey) {
        String prefix = vmKey.toLowerCase(Locale.ROOT) + "/";
        for (String key : List.copyOf(slots.keySet())) {
            if (key.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                remove(key);
            }
        }
    }

    /** Snapshots of the engines currently held, running or failed, ordered by extension key. */
    public List<EngineView> engines() {
        List<EngineView> views = new ArrayList<>();
        slots.forEach((key, slot) -> {
            Engine engine = slot.engine;
            if (engine != null) {
                views.add(engine.view());
            }
        });
        views.sort(Comparator.comparing(EngineView::extensionKey));
        return views;
    }

    /** Stops all engines, dockerd processes included, and their child processes; scripts still running are killed. */
    @Override
    public void close() {
        closed = true;
        customScript.abortAll();
        for (Slot slot : slots.values()) {
            slot.lock.lock();
            try {
                stop(slot);
            } finally {
                slot.lock.unlock();
            }
        }
    }

    /** Stops a slot's engine and removes its sandbox: a re-apply or restart writes a fresh one. */
    private static void stop(Slot slot) {
        Engine engine = slot.engine;
        slot.engine = null;
        if (engine != null) {
            engine.stop();
            deleteTree(engine.view().sandbox());
        }
    }

    private static void deleteTree(java.nio.file.Path root) {
        if (root == null || !java.nio.file.Files.isDirectory(root)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // A sandbox that cannot be removed costs disk space, not correctness.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("extension effects are closed");
        }
    }
}
