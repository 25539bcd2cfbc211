package io.dockyard.reconciler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dockyard.azure.FailedResources;
import io.dockyard.azure.Ownership;
import io.dockyard.hosts.AzureStatus;
import io.dockyard.hosts.CertificateStatus;
import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.DockerStatus;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostStatus;

/**
 * What one pass over one host knows and has found so far: the claimed host, the names of its resources, the
 * status being built (starting from the stored one) and the events to append. Steps read earlier steps' findings
 * (the public IP, the FQDN) from here.
 */
final class PassContext {

    final ClaimedHost host;
    private final String subscription;
    final HostNaming names;
    final Instant now;
    final Ownership owner;
    /** A pass after a terminal failure is a deliberate retry (spec change, POST reconcile, or the slow timer). */
    final FailedResources failed;
    private HostStatus status;
    private io.dockyard.pki.HostClientCa clientCa;
    private String waitingStep;
    private final List<HostEventDraft> events = new ArrayList<>();
    private int skippedSteps;

    PassContext(ClaimedHost host, Instant now, String subscription) {
        this.host = host;
        this.subscription = subscription;
        this.names = new HostNaming(host.id(), host.name());
        this.now = now;
        this.owner = new Ownership(host.id().toString(), host.team(), host.spec().tags());
        this.status = host.status();
        this.failed = host.status().lastError() != null && !host.status().lastError().isTransient()
                ? FailedResources.RETRY : FailedResources.REPORT;
    }

    io.dockyard.pki.HostClientCa clientCa() {
        return clientCa;
    }

    void clientCa(io.dockyard.pki.HostClientCa value) {
        clientCa = value;
    }

    /** Counts a step skipped because this generation already settled it. */
    void skipped() {
        skippedSteps++;
    }

    int skippedSteps() {
        return skippedSteps;
    }

    String subscription() {
        return subscription;
    }

    HostStatus status() {
        return status;
    }

    void status(HostStatus value) {
        status = value;
    }

    /** Sets a condition; a change of its truth is also an event, so the history reads like the host's life. */
    void condition(String type, ConditionStatus value, String reason, String message) {
        boolean was = status.condition(type).map(c -> c.status() == value).orElse(false);
        status = status.withCondition(new Condition(type, value, reason, message, now, host.generation()));
        if (!was && value == ConditionStatus.True) {
            event(HostEventDraft.normal(type, message));
        }
    }

    /**
     * A write to a resource that was already in place — a changed spec (source ranges, tags) or a repair after
     * drift — is an event; the first creation is told by the condition turning True.
     */
    void noteWrite(String conditionType, String reason, String what, io.dockyard.azure.Ensured ensured) {
        if (ensured.wrote() && host.status().holds(conditionType)) {
            event(HostEventDraft.normal(reason, what + " differed from the spec (generation " + host.generation()
                    + ") and is being updated"));
        }
    }

    /** Whether no pass has ever recorded the step's condition for this host: nothing of the step exists yet. */
    boolean neverAttempted(String conditionType) {
        return host.status().condition(conditionType).isEmpty();
    }

    /**
     * The step that ends this pass waiting: its condition is False from now until it is done, so the condition's
     * {@code lastTransitionTime} says how long Azure has been working on it (the pass's next time grows with that).
     */
    void waitingOn(String conditionType, StepResult.Waiting waiting) {
        waitingStep = conditionType;
        if (status.condition(conditionType).map(c -> c.status() != ConditionStatus.False).orElse(true)) {
            condition(conditionType, ConditionStatus.False, waiting.reason(), waiting.message());
        }
    }

    /** The condition of the step this pass ended waiting on, or null. */
    String waitingStep() {
        return waitingStep;
    }

    void event(HostEventDraft event) {
        events.add(event);
    }

    List<HostEventDraft> events() {
        return events;
    }

    AzureStatus azure() {
        return status.azure() == null ? new AzureStatus(names.resourceGroup(), null, null, null, null, null, null)
                : status.azure();
    }

    void azure(AzureStatus value) {
        status = status.withAzure(value);
    }

    DockerStatus docker() {
        return status.docker() == null ? new DockerStatus(null, null, null, null) : status.docker();
    }

    void docker(DockerStatus value) {
        status = status.withDocker(value);
    }

    CertificateStatus certificates() {
        return status.certificates();
    }

    void certificates(CertificateStatus value) {
        status = status.withCertificates(value);
    }
}
