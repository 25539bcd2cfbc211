package io.dockyard.hosts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What Dockyard last observed about a host. This record is the wire format: the hosts module stores it as
 * JSON and the API returns that JSON verbatim as {@code status} (openapi.yaml's {@code HostStatus}), with null
 * members left out. The reconciler reads the current status from its claim, derives the next one with the
 * {@code with...} methods (records compare by value, so an unchanged status is {@code equals} to the old one)
 * and hands it back through {@link HostLeases}.
 *
 * @param phase the one-word summary; {@code Deleting} once deletion was requested (the store enforces it)
 * @param observedGeneration the spec generation the reconciler last acted on
 * @param conditions at most one per type, in the order they were first set
 * @param consecutiveFailures passes that failed in a row; 0 after a success
 * @param azure the host's Azure resources, once known
 * @param docker the engine's endpoint and last probe, once known
 * @param certificates the engine's certificates, once issued
 * @param lastReconcileAt when the last pass ended
 * @param nextReconcileAt when the host is next due; {@link HostLeases#complete} stamps the time it stored
 * @param lastError the failure that ended the last pass, or null after a success
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostStatus(
        HostPhase phase,
        long observedGeneration,
        List<Condition> conditions,
        int consecutiveFailures,
        AzureStatus azure,
        DockerStatus docker,
        CertificateStatus certificates,
        Instant lastReconcileAt,
        Instant nextReconcileAt,
        LastError lastError) {

    public HostStatus {
        Objects.requireNonNull(phase, "phase");
        if (observedGeneration < 0) {
            throw new IllegalArgumentException("observedGeneration must not be negative: " + observedGeneration);
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must not be negative: " + consecutiveFailures);
        }
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        Set<String> types = new HashSet<>();
        for (Condition condition : conditions) {
            if (!types.add(condition.type())) {
                throw new IllegalArgumentException("more than one condition of type " + condition.type());
            }
        }
    }

    /** A new host's status, as the API creates it: Pending, generation 0, nothing observed. */
    public static HostStatus initial() {
        return new HostStatus(HostPhase.Pending, 0, List.of(), 0, null, null, null, null, null, null);
    }

    /** The condition of {@code type}, if it was ever set. */
    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** Whether the condition of {@code type} is set and True; an absent condition counts as Unknown. */
    public boolean holds(String type) {
        return condition(type).map(Condition::isTrue).orElse(false);
    }

    /**
     * Sets one condition, replacing the one of the same type in place (or appending it). When the status
     * (True/False/Unknown) did not change, the old {@code lastTransitionTime} is kept, so passes that only
     * confirm what was known do not make the condition look new.
     */
    public HostStatus withCondition(Condition next) {
        Objects.requireNonNull(next, "condition");
        List<Condition> updated = new ArrayList<>(conditions.size() + 1);
        boolean replaced = false;
        for (Condition current : conditions) {
            if (current.type().equals(next.type())) {
                updated.add(current.status() == next.status()
                        ? new Condition(next.type(), next.status(), next.reason(), next.message(),
                                current.lastTransitionTime(), next.observedGeneration())
                        : next);
                replaced = true;
            } else {
                updated.add(current);
            }
        }
        if (!replaced) {
            updated.add(next);
        }
        return new HostStatus(phase, observedGeneration, updated, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    /** Removes the condition of {@code type} (e.g. one that no longer applies). */
    public HostStatus withoutCondition(String type) {
        return new HostStatus(phase, observedGeneration,
                conditions.stream().filter(c -> !c.type().equals(type)).toList(), consecutiveFailures, azure, docker,
                certificates, lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withPhase(HostPhase phase) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withObservedGeneration(long observedGeneration) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withAzure(AzureStatus azure) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withDocker(DockerStatus docker) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withCertificates(CertificateStatus certificates) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withLastReconcileAt(Instant lastReconcileAt) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    public HostStatus withNextReconcileAt(Instant nextReconcileAt) {
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures, azure, docker, certificates,
                lastReconcileAt, nextReconcileAt, lastError);
    }

    /** A failed pass: records the error and counts it (the count drives backoff). */
    public HostStatus withFailure(LastError error) {
        Objects.requireNonNull(error, "error");
        return new HostStatus(phase, observedGeneration, conditions, consecutiveFailures + 1, azure, docker,
                certificates, lastReconcileAt, nextReconcileAt, error);
    }

    /** A successful pass: clears the last error and the failure count. */
    public HostStatus withSuccess() {
        return new HostStatus(phase, observedGeneration, conditions, 0, azure, docker, certificates, lastReconcileAt,
                nextReconcileAt, null);
    }
}
