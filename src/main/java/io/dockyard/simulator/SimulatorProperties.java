package io.dockyard.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything that shapes the simulated cloud: where it listens, which subscription and regions it has,
 * how long operations take, how hard it throttles and which Docker engine stands behind a VM. The
 * defaults give a cloud that behaves like Azure at human speed; tests shrink the delays to zero.
 */
@ConfigurationProperties("dockyard.simulator")
// The properties scan would register it everywhere; only a context that runs the simulator may bind it.
@ConditionalOnProperty(name = "dockyard.simulator.enabled", havingValue = "true")
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String bindAddress,
        @DefaultValue("0") int port,
        @DefaultValue("./.dockyard/simulator") Path workDir,
        @DefaultValue("5e3d1c4a-8b2f-4d6e-9a70-1c2b3d4e5f60") String subscriptionId,
        @DefaultValue("a1b2c3d4-0000-4000-8000-000000000001") String tenantId,
        @DefaultValue({"eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northeurope",
                "westeurope", "uksouth", "swedencentral", "germanywestcentral", "francecentral",
                "japaneast", "australiaeast", "southeastasia"}) List<String> regions,
        @DefaultValue Timing timing,
        @DefaultValue Throttling throttling,
        @DefaultValue Compute compute,
        @DefaultValue Engine engine) {

    /**
     * How long simulated operations take. Retry-After is what ARM tells pollers; whole seconds only,
     * because the SDK parses it as an integer. An extension takes at least {@code extensionProvisioning} once its
     * VM runs, however fast its script is: on Azure, installing Docker is minutes of apt, here milliseconds of a
     * sandboxed script, and a convergence benchmark needs the former.
     */
    public record Timing(
            @DefaultValue("1") int retryAfterSeconds,
            @DefaultValue("2s") Duration vmProvisioning,
            @DefaultValue("0s") Duration networkProvisioning,
            @DefaultValue("0s") Duration extensionProvisioning,
            @DefaultValue("0s") Duration deletion,
            @DefaultValue("100") int pageSize) {
    }

    /**
     * ARM's per-subscription token buckets. The time factor speeds the refill up (10 = ten times as many
     * tokens per second), so tests and benchmarks can run a minute of throttling in seconds.
     */
    public record Throttling(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1.0") double timeFactor,
            @DefaultValue("250") int readBucket,
            @DefaultValue("25") double readsPerSecond,
            @DefaultValue("200") int writeBucket,
            @DefaultValue("10") double writesPerSecond,
            @DefaultValue("200") int deleteBucket,
            @DefaultValue("10") double deletesPerSecond) {
    }

    /** Regional limits of the simulated compute provider. */
    public record Compute(
            @DefaultValue("200") int coresQuotaPerRegion,
            @DefaultValue List<String> unavailableSizes) {
    }

    /**
     * The Docker engine a VM extension brings up: {@code fake} (an in-process TLS server) or {@code dockerd}
     * (a real daemon, root only).
     */
    public record Engine(
            @DefaultValue("fake") String mode,
            @DefaultValue("127.100.0.1") String firstAddress,
            @DefaultValue("5m") Duration scriptTimeout,
            @DefaultValue("60s") Duration startTimeout,
            @DefaultValue("27.5.1") String fakeVersion) {
    }

    /** The defaults, for code that starts a simulator without Spring. */
    public static SimulatorProperties defaults(Path workDir) {
        return new SimulatorProperties(true, "127.0.0.1", 0, workDir, "5e3d1c4a-8b2f-4d6e-9a70-1c2b3d4e5f60",
                "a1b2c3d4-0000-4000-8000-000000000001",
                List.of("eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northeurope",
                        "westeurope", "uksouth", "swedencentral", "germanywestcentral", "francecentral",
                        "japaneast", "australiaeast", "southeastasia"),
                new Timing(1, Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO, Duration.ZERO, 100),
                new Throttling(true, 1.0, 250, 25, 200, 10, 200, 10),
                new Compute(200, List.of()),
                new Engine("fake", "127.100.0.1", Duration.ofMinutes(5), Duration.ofSeconds(60), "27.5.1"));
    }

    public SimulatorProperties withTiming(Timing value) {
        return new SimulatorProperties(enabled, bindAddress, port, workDir, subscriptionId, tenantId, regions, value,
                throttling, compute, engine);
    }

    public SimulatorProperties withThrottling(Throttling value) {
        return new SimulatorProperties(enabled, bindAddress, port, workDir, subscriptionId, tenantId, regions, timing,
                value, compute, engine);
    }

    public SimulatorProperties withCompute(Compute value) {
        return new SimulatorProperties(enabled, bindAddress, port, workDir, subscriptionId, tenantId, regions, timing,
                throttling, value, engine);
    }

    public SimulatorProperties withEngine(Engine value) {
        return new SimulatorProperties(enabled, bindAddress, port, workDir, subscriptionId, tenantId, regions, timing,
                throttling, compute, value);
    }

    public SimulatorProperties withPort(int value) {
        return new SimulatorProperties(enabled, bindAddress, value, workDir, subscriptionId, tenantId, regions, timing,
                throttling, compute, engine);
    }
}
