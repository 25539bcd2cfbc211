package io.dockyard.reconciler.internal;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ResourceState;

/** Turns what an ensure reported into the step's result. */
final class Outcomes {

    private Outcomes() {
    }

    /** Null when the resource is ready and the step may go on. */
    static StepResult of(String what, Ensured ensured) {
        if (ensured.state() == ResourceState.SUCCEEDED) {
            return null;
        }
        if (ensured.state() == ResourceState.FAILED) {
            AzureError failure = ensured.failure();
            return new StepResult.Failed(failure);
        }
        return StepResult.waiting(ensured.wrote() ? "Applying" : "WaitingForAzure",
                what + (ensured.wrote() ? " is being written" : " is still being provisioned by Azure"));
    }
}
