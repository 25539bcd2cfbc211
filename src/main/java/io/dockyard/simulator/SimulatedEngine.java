package io.dockyard.simulator;

/**
 * A Docker engine the simulated cloud runs behind a VM because an extension configured one: where it listens and
 * whether it is up. {@code mode} is {@code fake} or {@code dockerd}.
 */
public record SimulatedEngine(String extensionId, String mode, String address, int port, boolean tls, String state,
                              String message) {
}
