package io.dockyard.hosts;

/**
 * Whether a {@link Condition} holds. Kubernetes spells the values {@code True}, {@code False} and
 * {@code Unknown}, and so does the API; {@code Unknown} is what the reconciler reports before it has
 * looked, or when it could not tell.
 */
public enum ConditionStatus {
    True, False, Unknown
}
