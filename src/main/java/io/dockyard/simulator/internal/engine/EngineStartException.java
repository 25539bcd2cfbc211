package io.dockyard.simulator.internal.engine;

/**
 * Why an engine did not start: bad daemon.json, unusable TLS files, a taken port, a dockerd that
 * died. The message is written for people, because it ends up in the extension's status.
 */
final class EngineStartException extends Exception {

    EngineStartException(String message) {
        super(message);
    }

    EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
