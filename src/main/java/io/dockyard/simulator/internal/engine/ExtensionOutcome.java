package io.dockyard.simulator.internal.engine;

/**
 * The result of applying an extension, shaped like what Azure reports in the extension's instance
 * view: success or failure, the handler's message, and the tails of the script's output. The
 * engine it left running, if any, is included so the caller can show or probe it.
 *
 * @param engine the engine this application started, or null if none is running because of it
 */
public record ExtensionOutcome(boolean succeeded, String message, String stdoutTail, String stderrTail,
                               EngineView engine) {
}
