package io.dockyard.reconciler.internal;

import java.time.Duration;

import io.dockyard.azure.AzureError;

/**
 * How one step ended: done (go on), waiting for Azure (look again soon), blocked by a state the host cannot fix
 * itself (e.g. a deallocated VM: report, don't loop), or failed with Azure's error.
 */
sealed interface StepResult {

    record Done() implements StepResult {
    }

    /**
     * Waiting on Azure. {@code started} names the kind of operation this very pass started by writing (e.g.
     * {@code VirtualMachine}), so that the next look can be timed from now; null when the wait is for an operation
     * started earlier.
     */
    record Waiting(String reason, String message, Duration retryAfter, String started) implements StepResult {
    }

    record Blocked(String reason, String message) implements StepResult {
    }

    record Failed(AzureError error) implements StepResult {
    }

    static StepResult done() {
        return new Done();
    }

    static StepResult waiting(String reason, String message) {
        return new Waiting(reason, message, null, null);
    }

    /** Waiting on an operation of this kind that the pass has just started. */
    static StepResult started(String operation, String reason, String message) {
        return new Waiting(reason, message, null, operation);
    }
}
