package io.dockyard.simulator.internal.engine;

/**
 * What an extension's effect produced, before the engine is registered: the status to report and
 * the engine now owned by the caller (null if none runs).
 */
record EffectResult(boolean succeeded, String message, String stdoutTail, String stderrTail, Engine engine) {

    static EffectResult succeeded(String message, Engine engine) {
        return new EffectResult(true, message, "", "", engine);
    }

    static EffectResult failed(String message) {
        return new EffectResult(false, message, "", "", null);
    }
}
