package io.dockyard.simulator.internal.engine;

/**
 * A running simulated Docker engine, whichever way it is realised. Implementations are safe to
 * stop more than once and from any thread.
 */
interface Engine {

    EngineView view();

    boolean running();

    void stop();
}
