package io.dockyard.simulator.internal.engine;

import java.util.List;

/**
 * The docker.service unit of one simulated VM during an extension run: what {@code systemctl
 * start/stop/is-active docker} act on. A start always rereads the files the payload has written by
 * then, the way a restarted dockerd rereads its configuration.
 */
final class DockerService {

    private final EngineLauncher launcher;
    private final ExtensionRun run;
    private final Sandbox sandbox;
    private final List<String> extraFlags;
    private Engine engine;

    DockerService(EngineLauncher launcher, ExtensionRun run, Sandbox sandbox, List<String> extraFlags) {
        this.launcher = launcher;
        this.run = run;
        this.sandbox = sandbox;
        this.extraFlags = List.copyOf(extraFlags);
    }

    /** (Re)starts the engine from the sandbox's daemon.json; the old engine is stopped first. */
    synchronized void start() throws EngineStartException {
        stop();
        DaemonConfig config = DaemonConfig.load(sandbox);
        engine = launcher.start(new EngineSpec(run.extensionKey(), run.vmName(), run.vmId(), run.publicAddress(),
                sandbox, config, extraFlags));
    }

    synchronized void stop() {
        if (engine != null) {
            engine.stop();
            engine = null;
        }
    }

    synchronized boolean active() {
        return engine != null && engine.running();
    }

    /** Hands the running engine over to the caller, leaving the unit empty; null if none runs. */
    synchronized Engine release() {
        Engine running = active() ? engine : null;
        if (running == null) {
            stop();
        }
        engine = null;
        return running;
    }
}
