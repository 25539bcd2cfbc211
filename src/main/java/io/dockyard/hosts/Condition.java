package io.dockyard.hosts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One observed aspect of a host, in the Kubernetes condition shape the API promises: a machine-readable
 * {@code type}, {@code status} and CamelCase {@code reason}, a human {@code message}, when the status last
 * flipped, and the spec generation it was computed from. Conditions are observations, not a state machine:
 * the reconciler recomputes them on every pass and {@link HostStatus#withCondition} keeps the transition time
 * when nothing flipped.
 *
 * @param type one of the type constants below
 * @param status whether it holds
 * @param reason one CamelCase word for machines and one-line output, e.g. {@code Provisioning}
 * @param message details for people; never null (empty when there is nothing to add); public, so no secrets
 * @param lastTransitionTime when {@code status} last changed
 * @param observedGeneration the spec generation this condition was computed from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Condition(String type, ConditionStatus status, String reason, String message, Instant lastTransitionTime,
        long observedGeneration) {

    public static final String RESOURCE_GROUP_READY = "ResourceGroupReady";
    public static final String NETWORK_READY = "NetworkReady";
    public static final String CERTIFICATES_ISSUED = "CertificatesIssued";
    public static final String VIRTUAL_MACHINE_READY = "VirtualMachineReady";
    public static final String DOCKER_INSTALLED = "DockerInstalled";
    public static final String DOCKER_REACHABLE = "DockerReachable";
    /** The summary: true when every other condition is. */
    public static final String READY = "Ready";

    /** The types in the order the reconciler's steps establish them, {@link #READY} last. */
    public static final List<String> TYPES = List.of(RESOURCE_GROUP_READY, NETWORK_READY, CERTIFICATES_ISSUED,
            VIRTUAL_MACHINE_READY, DOCKER_INSTALLED, DOCKER_REACHABLE, READY);

    private static final Pattern CAMEL_CASE = Pattern.compile("[A-Z][A-Za-z0-9]{0,127}");

    public Condition {
        requireCamelCase(type, "type");
        Objects.requireNonNull(status, "status");
        requireCamelCase(reason, "reason");
        message = message == null ? "" : message;
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
        if (observedGeneration < 0) {
            throw new IllegalArgumentException("observedGeneration must not be negative: " + observedGeneration);
        }
    }

    /** Whether the condition holds ({@code status == True}). */
    @JsonIgnore
    public boolean isTrue() {
        return status == ConditionStatus.True;
    }

    /** Whether {@code other} says the same thing, whatever its transition time. */
    public boolean saysSameAs(Condition other) {
        return other != null && type.equals(other.type) && status == other.status && reason.equals(other.reason)
                && message.equals(other.message) && observedGeneration == other.observedGeneration;
    }

    static void requireCamelCase(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!CAMEL_CASE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be one CamelCase word (letters and digits, 1-128): '"
                    + value + "'");
        }
    }
}
