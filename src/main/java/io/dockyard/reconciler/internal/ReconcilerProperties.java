package io.dockyard.reconciler.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Every setting of the reconciler module ({@code dockyard.reconciler.*}), in one place so that an operator finds
 * them together. It lives in {@code internal} because nothing outside the module reads it.
 *
 * <p>To add a setting, add a component with a {@code @DefaultValue}; a group of settings that belongs to one step
 * goes into a nested record ({@code @DefaultValue Probe probe}). Code and tests never call the canonical
 * constructor: they bind through {@link #of(Map)}, so a new component breaks no caller.
 *
 * @param enabled whether this instance runs the control loop at all
 * @param instanceId this instance's name in lease tokens and logs; default {@code <hostname>-<pid>}, at most 100
 *         characters, no {@code /} (it separates the instance from the random part of a token)
 * @param concurrency the most passes this instance runs at once (32: a pass mostly waits on ARM; bench/converge
 *        converged 500 hosts in 75 s with 32 against 85 s with 16, and no sooner with 64)
 * @param batchSize the most hosts one claim takes (never more than the free slots)
 * @param lease how long a claim holds a host; renewed every third of it while the pass runs
 * @param pollInterval how often the loop looks for due hosts when no notification woke it
 * @param shutdownGrace how long a stop waits for running passes before it interrupts them
 * @param pass how one pass times and shapes its work (see {@link Pass})
 */
@ConfigurationProperties("dockyard.reconciler")
public record ReconcilerProperties(
        @DefaultValue("false") boolean enabled,
        String instanceId,
        @DefaultValue("32") int concurrency,
        @DefaultValue("32") int batchSize,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("20s") Duration shutdownGrace,
        @DefaultValue Pass pass) {

    /**
     * The rules of one pass: how soon to look again while Azure works, the backoff after a transient failure (never
     * sooner than Retry-After), how slowly a terminal failure is retried on its own, how often the fleet-wide drift
     * check lists Azure (and wakes the hosts that drifted), how often a settled host gets a full pass anyway (it
     * catches what listings cannot show, e.g. an extension's settings changed out of band, and probes Docker), when a
     * server certificate is renewed (fraction of its life; its pass comes then whatever the resync interval), the
     * probe's timeout,
     * whether the Docker endpoint names the IP instead of the FQDN (local mode: the FQDN does not resolve there),
     * and the per-host VNet's address space and subnet.
     */
    public record Pass(
            @DefaultValue("3s") Duration inProgressRequeue,
            @DefaultValue("5s") Duration backoffBase,
            @DefaultValue("10m") Duration backoffCap,
            @DefaultValue("30m") Duration terminalRetry,
            @DefaultValue("10m") Duration driftInterval,
            @DefaultValue("6h") Duration resyncInterval,
            @DefaultValue("0.6667") double renewAfterFraction,
            @DefaultValue("10s") Duration probeTimeout,
            @DefaultValue("false") boolean endpointByAddress,
            @DefaultValue("10.0.0.0/24") String addressSpace,
            @DefaultValue("10.0.0.0/27") String subnetPrefix) {

        PassSettings settings() {
            return new PassSettings(inProgressRequeue, backoffBase, backoffCap, terminalRetry, driftInterval, resyncInterval,
                    renewAfterFraction, probeTimeout, endpointByAddress, addressSpace, subnetPrefix);
        }
    }

    static final String PREFIX = "dockyard.reconciler";
    /** The longest instance id {@code HostLeases.claimDue} accepts. */
    static final int MAX_INSTANCE_ID = 100;
    /** The most hosts {@code HostLeases.claimDue} hands out at once. */
    static final int MAX_BATCH = 1000;

    public ReconcilerProperties {
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId.strip();
        if (instanceId.length() > MAX_INSTANCE_ID || instanceId.contains("/")) {
            throw new IllegalArgumentException(PREFIX + ".instance-id must be at most " + MAX_INSTANCE_ID
                    + " characters without '/': " + instanceId);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException(PREFIX + ".concurrency must be at least 1: " + concurrency);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException(PREFIX + ".batch-size must be between 1 and " + MAX_BATCH + ": "
                    + batchSize);
        }
        requirePositive(lease, "lease");
        requirePositive(pollInterval, "poll-interval");
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException(PREFIX + ".shutdown-grace must not be negative: " + shutdownGrace);
        }
    }

    /**
     * Binds the settings from a map of relaxed names below {@code dockyard.reconciler} (e.g. {@code "batch-size"}),
     * defaults for the rest, exactly as the application binds its environment.
     */
    static ReconcilerProperties of(Map<String, ?> settings) {
        Map<String, Object> prefixed = new HashMap<>();
        settings.forEach((key, value) -> prefixed.put(PREFIX + "." + key, String.valueOf(value)));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate(PREFIX, Bindable.of(ReconcilerProperties.class));
    }

    /** How often a running pass's lease is renewed: a third of the lease, so one missed renewal is survivable. */
    Duration renewalPeriod() {
        return lease.dividedBy(3);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be positive: " + value);
        }
    }

    /** {@code <hostname>-<pid>}: unique per process, and it says where to look when a lease is stuck. */
    private static String defaultInstanceId() {
        String suffix = "-" + ProcessHandle.current().pid();
        String host = hostName().replace("/", "_");
        return host.substring(0, Math.min(host.length(), MAX_INSTANCE_ID - suffix.length())) + suffix;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "dockyard";
        }
    }
}
