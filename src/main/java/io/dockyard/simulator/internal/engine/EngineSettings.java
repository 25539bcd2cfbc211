package io.dockyard.simulator.internal.engine;

/** STUB until the engine package lands. */
public record EngineSettings(EngineMode mode, java.nio.file.Path workDir, java.time.Duration scriptTimeout,
                             java.time.Duration engineStartTimeout, String fakeEngineVersion) {
}
