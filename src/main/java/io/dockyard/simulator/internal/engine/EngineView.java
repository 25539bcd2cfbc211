package io.dockyard.simulator.internal.engine;

import java.nio.file.Path;

/**
 * A snapshot of one simulated Docker engine, for the caller to report or probe. It is a copy, so
 * it can be handed out freely while the engine keeps changing underneath.
 *
 * @param address the IP address the TCP endpoint is bound to, or null if the VM has no public address
 * @param port the TCP port, or 0 when the engine has no TCP endpoint
 * @param state "running", "stopped" or "failed"
 * @param sandbox the directory holding the files the extension wrote (the VM's file system root)
 */
public record EngineView(String extensionKey, EngineMode mode, String address, int port, boolean tls, String state,
                         String message, Path sandbox) {

    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";
}
