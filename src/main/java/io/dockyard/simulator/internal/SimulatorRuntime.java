package io.dockyard.simulator.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import io.dockyard.simulator.Fault;
import io.dockyard.simulator.SimulatorProperties;
import io.dockyard.simulator.SimulatedEngine;
import io.dockyard.simulator.internal.engine.EngineMode;
import io.dockyard.simulator.internal.engine.EngineSettings;
import io.dockyard.simulator.internal.engine.ExtensionEffects;
import tools.jackson.databind.JsonNode;

/**
 * Assembles the simulator's parts — TLS identity, cloud model, throttle, faults, engines, HTTPS listener — and
 * exposes what {@link io.dockyard.simulator.ArmSimulator} offers. Public only so the module's entry point can reach
 * it; nothing outside the simulator uses it.
 */
public final class SimulatorRuntime implements AutoCloseable {

    private final SimulatorProperties settings;
    private final SimulatorTls tls;
    private final ExtensionEffects effects;
    private final Cloud cloud;
    private final Throttle throttle;
    private final Faults faults;
    private final ControlApi control;
    private final ArmServer server;

    public SimulatorRuntime(SimulatorProperties settings) {
        this.settings = settings;
        Path workDir = settings.workDir().toAbsolutePath().normalize();
        this.tls = SimulatorTls.create(workDir, settings.bindAddress());
        EngineMode mode = EngineMode.valueOf(settings.engine().mode().toUpperCase(Locale.ROOT));
        this.effects = new ExtensionEffects(new EngineSettings(mode, workDir, settings.engine().scriptTimeout(),
                settings.engine().startTimeout(), settings.engine().fakeVersion()));
        this.cloud = new Cloud(settings, effects, Clock.systemUTC());
        this.throttle = new Throttle(settings.throttling(), System::nanoTime);
        this.faults = new Faults();
        this.control = new ControlApi(cloud, throttle, faults, effects);
        ArmRouter router = new ArmRouter(cloud, settings.subscriptionId(), settings.tenantId());
        ArmFrontDoor frontDoor = new ArmFrontDoor(router, throttle, faults, control, cloud.stats(), settings.tenantId());
        ArmServer started;
        try {
            started = new ArmServer(settings.bindAddress(), settings.port(), tls, frontDoor);
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
        this.server = started;
    }

    public int port() {
        return server.port();
    }

    public Path caFile() {
        return tls.caFile();
    }

    public Fault addFault(Fault fault) {
        return faults.add(fault);
    }

    public List<Fault> faults() {
        return faults.list();
    }

    public void clearFaults() {
        faults.clear();
    }

    public void throttling(SimulatorProperties.Throttling value) {
        throttle.configure(value);
    }

    public SimulatorProperties.Throttling throttling() {
        return throttle.settings();
    }

    public long earlyRetries() {
        return throttle.earlyRetries();
    }

    public long throttled() {
        return throttle.throttled();
    }

    public long creates(String id) {
        Stats.Counter counter = cloud.stats().counter(id);
        return counter == null ? 0 : counter.creates.get();
    }

    public long writes(String id) {
        Stats.Counter counter = cloud.stats().counter(id);
        return counter == null ? 0 : counter.writes.get();
    }

    public String statsJson() {
        return control.stats().toString();
    }

    public void deleteOutOfBand(String id) {
        cloud.outOfBandDelete(id);
    }

    public void deallocateOutOfBand(String vmId) {
        cloud.outOfBandDeallocate(vmId);
    }

    public void setSecurityRuleOutOfBand(String nsgId, String ruleJson) {
        JsonNode rule = Json.MAPPER.readTree(ruleJson);
        cloud.outOfBandSetRule(nsgId, rule);
    }

    public List<SimulatedEngine> engines() {
        return effects.engines().stream().map(e -> new SimulatedEngine(e.extensionKey(),
                e.mode().name().toLowerCase(Locale.ROOT), e.address(), e.port(), e.tls(), e.state(), e.message())).toList();
    }

    public void reset() {
        faults.clear();
        throttle.reset();
        cloud.reset();
    }

    public SimulatorProperties settings() {
        return settings;
    }

    @Override
    public void close() {
        server.close();
        faults.clear();
        cloud.close();
    }
}
