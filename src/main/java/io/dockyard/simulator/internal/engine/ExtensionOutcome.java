package io.dockyard.simulator.internal.engine;

/** STUB until the engine package lands. */
public record ExtensionOutcome(boolean succeeded, String message, String stdoutTail, String stderrTail, EngineView engine) {
}
