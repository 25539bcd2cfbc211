package io.dockyard.simulator.internal.engine;

import java.util.Locale;

/**
 * How a simulated VM's Docker engine is realised. {@link #FAKE} answers a handful of Engine API
 * calls in-process, which is enough to prove the TLS material and the endpoint are right and costs
 * nothing; {@link #DOCKERD} runs a real dockerd per VM for tests that need a working engine.
 */
public enum EngineMode {
    FAKE("fake"),
    DOCKERD("dockerd");

    private final String configValue;

    EngineMode(String configValue) {
        this.configValue = configValue;
    }

    /** The spelling used in configuration ("fake" / "dockerd"). */
    public String configValue() {
        return configValue;
    }

    /** Parses a configuration value, case-insensitively. */
    public static EngineMode fromConfig(String value) {
        for (EngineMode mode : values()) {
            if (mode.configValue.equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown engine mode '" + value + "' (expected 'fake' or 'dockerd')");
    }
}
