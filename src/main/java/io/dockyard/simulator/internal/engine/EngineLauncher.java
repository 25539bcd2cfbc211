package io.dockyard.simulator.internal.engine;

/**
 * Starts the kind of engine the settings ask for. TLS files are checked here for both kinds, so a
 * bad file is reported the same clear way whether a fake or a real dockerd would have served it.
 */
final class EngineLauncher {

    private final EngineSettings settings;

    EngineLauncher(EngineSettings settings) {
        this.settings = settings;
    }

    EngineMode mode() {
        return settings.mode();
    }

    Engine start(EngineSpec spec) throws EngineStartException {
        TlsMaterial tls = spec.config().tls() ? TlsMaterial.load(spec.config()) : null;
        return switch (settings.mode()) {
            case FAKE -> FakeEngine.start(spec, tls, settings.fakeEngineVersion());
            case DOCKERD -> DockerdEngine.start(spec, settings.engineStartTimeout());
        };
    }
}
