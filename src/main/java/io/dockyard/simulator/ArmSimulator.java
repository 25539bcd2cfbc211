package io.dockyard.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.dockyard.simulator.internal.SimulatorRuntime;

/**
 * The simulated Azure Resource Manager: an HTTPS endpoint the unmodified Azure SDK talks to, with resource groups,
 * networks, VMs and extensions, long-running operations, throttling, injected faults and Docker engines behind the
 * VMs. Start one with {@link #start}; it keeps running until {@link #close}. The same object is what tests use to
 * inject faults, make out-of-band changes and read counters.
 */
public final class ArmSimulator implements AutoCloseable {

    private final SimulatorRuntime runtime;
    private final URI armUrl;

    private ArmSimulator(SimulatorRuntime runtime, String host) {
        this.runtime = runtime;
        this.armUrl = URI.create("https://" + host + ":" + runtime.port() + "/");
    }

    public static ArmSimulator start(SimulatorProperties settings) {
        String host = settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
        return new ArmSimulator(new SimulatorRuntime(settings), host);
    }

    /** The ARM base URL, e.g. {@code https://127.0.0.1:8443/}, for {@code resourceManagerEndpointUrl}. */
    public URI armUrl() {
        return armUrl;
    }

    public int port() {
        return runtime.port();
    }

    public String subscriptionId() {
        return runtime.settings().subscriptionId();
    }

    public String tenantId() {
        return runtime.settings().tenantId();
    }

    /** The PEM of the CA that signed the simulator's HTTPS certificate: trust it to talk to {@link #armUrl()}. */
    public Path caCertificate() {
        return runtime.caFile();
    }

    public String caCertificatePem() {
        try {
            return Files.readString(runtime.caFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SimulatorProperties settings() {
        return runtime.settings();
    }

    public Fault addFault(Fault fault) {
        return runtime.addFault(fault);
    }

    public List<Fault> faults() {
        return runtime.faults();
    }

    /** Removes every fault and releases requests a hang fault holds. */
    public void clearFaults() {
        runtime.clearFaults();
    }

    public void throttling(SimulatorProperties.Throttling value) {
        runtime.throttling(value);
    }

    public SimulatorProperties.Throttling throttling() {
        return runtime.throttling();
    }

    /** Requests that came back before the Retry-After of a 429 had passed. */
    public long earlyRetries() {
        return runtime.earlyRetries();
    }

    public long throttledRequests() {
        return runtime.throttled();
    }

    /** How many times a resource with this id was created (more than one after deletes, or a duplicate). */
    public long creates(String resourceId) {
        return runtime.creates(resourceId);
    }

    /** How many accepted writes (PUT, PATCH, POST actions, DELETE) a resource id received. */
    public long writes(String resourceId) {
        return runtime.writes(resourceId);
    }

    /** Deletes a resource behind the control plane's back, at once and without an operation. */
    public void deleteOutOfBand(String resourceId) {
        runtime.deleteOutOfBand(resourceId);
    }

    /** Deallocates a VM behind the control plane's back; its Docker engine stops. */
    public void deallocateOutOfBand(String vmId) {
        runtime.deallocateOutOfBand(vmId);
    }

    /**
     * Changes (merge-patches) or adds a security rule of an NSG behind the control plane's back; a rule JSON with
     * {@code "remove": true} removes the named rule.
     */
    public void setSecurityRuleOutOfBand(String nsgId, String ruleJson) {
        runtime.setSecurityRuleOutOfBand(nsgId, ruleJson);
    }

    public List<SimulatedEngine> engines() {
        return runtime.engines();
    }

    /** Forgets every resource, fault and counter and stops every engine. */
    public void reset() {
        runtime.reset();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
