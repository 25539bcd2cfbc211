package io.dockyard.reconciler.internal;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ResourceState;

/** Turns what an ensure reported into the step's result. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * Null when the resource is ready and the step may go on. {@code operation} names the kind of operation a write
     * starts ({@code VirtualMachine}, ...), so that the next look can be paced by how long such operations take.
     */
    static StepResult of(String operation, String what, Ensured ensured) {
        if (ensured.state() == ResourceState.SUCCEEDED) {
            return null;
        }
        if (ensured.state() == ResourceState.FAILED) {
            AzureError failure = ensured.failure();
            return new StepResult.Failed(failure);
        }
        return ensured.wrote() ? StepResult.started(operation, "Applying", what + " is being written")
                : StepResult.waiting("WaitingForAzure", what + " is still being provisioned by Azure");
    }
}
