package io.dockyard.simulator.internal.engine;

/** STUB until the engine package lands. */
public record EngineView(String extensionKey, EngineMode mode, String address, int port, boolean tls, String state,
                         String message, java.nio.file.Path sandbox) {
}
