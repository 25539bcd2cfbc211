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

    record Waiting(String reason, String message, Duration retryAfter) implements StepResult {
    }

    record Blocked(String reason, String message) implements StepResult {
    }

    record Failed(AzureError error) implements StepResult {
    }

    static StepResult done() {
        return new Done();
    }

    static StepResult waiting(String reason, String message) {
        return new Waiting(reason, message, null);
    }
}
