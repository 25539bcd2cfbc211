package io.dockyard.simulator.internal.engine;

/** STUB until the engine package lands. */
public enum EngineMode { FAKE, DOCKERD }
