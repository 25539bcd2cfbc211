package io.dockyard.simulator.internal.engine;

import java.util.List;

/** STUB until the engine package lands. */
public final class ExtensionEffects implements AutoCloseable {
    public ExtensionEffects(EngineSettings settings) {
    }

    public ExtensionOutcome apply(ExtensionRun run) {
        return new ExtensionOutcome(true, "Enable succeeded", "", "", null);
    }

    public void remove(String extensionKey) {
    }

    public void removeVm(String vmKey) {
    }

    public List<EngineView> engines() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
