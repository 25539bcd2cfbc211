package io.dockyard.simulator.internal.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the caller decides about the simulated engines: which kind to run, where sandboxes live,
 * and how long scripts and engine starts may take. Kept as one value so the wiring code has a
 * single thing to build from configuration. Null durations, mode or version fall back to defaults.
 */
public record EngineSettings(EngineMode mode, Path workDir, Duration scriptTimeout, Duration engineStartTimeout,
                             String fakeEngineVersion) {

    public static final Duration DEFAULT_SCRIPT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ENGINE_START_TIMEOUT = Duration.ofSeconds(60);
    public static final String DEFAULT_FAKE_ENGINE_VERSION = "27.3.1";

    public EngineSettings {
        Objects.requireNonNull(workDir, "workDir");
        mode = mode == null ? EngineMode.FAKE : mode;
        scriptTimeout = positiveOr(scriptTimeout, DEFAULT_SCRIPT_TIMEOUT);
        engineStartTimeout = positiveOr(engineStartTimeout, DEFAULT_ENGINE_START_TIMEOUT);
        fakeEngineVersion = fakeEngineVersion == null || fakeEngineVersion.isBlank()
                ? DEFAULT_FAKE_ENGINE_VERSION : fakeEngineVersion;
    }

    /** Fake engines in {@code workDir} with default timeouts. */
    public static EngineSettings fake(Path workDir) {
        return new EngineSettings(EngineMode.FAKE, workDir, null, null, null);
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }
}
