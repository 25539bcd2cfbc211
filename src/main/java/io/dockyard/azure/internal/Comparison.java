package io.dockyard.azure.internal;

import java.util.Map;
import java.util.Optional;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.Ownership;
import io.dockyard.azure.ResourceState;

/**
 * The compare half of observe-compare-act, shared by every ensurer: when the observed resource needs no write,
 * the answer; when it does, empty. A resource still in an operation is left alone; a failed one is reported
 * unless the caller asked to retry it.
 */
final class Comparison {

    private Comparison() {
    }

    static Optional<Ensured> settled(String id, Ownership owner, Map<String, String> tags, ResourceState state,
                                     boolean matches, FailedResources failed) {
        return settled(id, owner, tags, state, matches, failed, null);
    }

    static Optional<Ensured> settled(String id, Ownership owner, Map<String, String> tags, ResourceState state,
                                     boolean matches, FailedResources failed, AzureError failure) {
        Observe.owned(owner, tags, id);
        if (state == ResourceState.IN_PROGRESS) {
            return Optional.of(new Ensured(id, ResourceState.IN_PROGRESS, false, null));
        }
        if (!matches) {
            return Optional.empty();
        }
        if (state == ResourceState.FAILED) {
            if (failed == FailedResources.RETRY) {
                return Optional.empty();
            }
            return Optional.of(new Ensured(id, ResourceState.FAILED, false, failure != null ? failure
                    : new AzureError(AzureErrorKind.TERMINAL, 0, "ProvisioningFailed",
                    "Azure reports provisioningState Failed for " + id + ".", null)));
        }
        return Optional.of(new Ensured(id, ResourceState.SUCCEEDED, false, null));
    }

    static Ensured written(String id) {
        return new Ensured(id, ResourceState.IN_PROGRESS, true, null);
    }

    static ResourceState state(Object provisioningState) {
        return ResourceState.of(provisioningState == null ? null : provisioningState.toString());
    }
}
