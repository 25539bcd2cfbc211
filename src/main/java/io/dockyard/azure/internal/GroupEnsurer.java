package io.dockyard.azure.internal;

import java.util.Optional;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.Deletion;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ResourceGroupSpec;
import io.dockyard.azure.ResourceState;

/** The host's resource group: created or re-tagged synchronously (ARM has no operation for it), deleted as one. */
final class GroupEnsurer {

    private final ResourceGroupsClient groups;

    GroupEnsurer(AzureClients clients) {
        this.groups = clients.resources().serviceClient().getResourceGroups();
    }

    Ensured ensure(ResourceGroupSpec spec) {
        Optional<ResourceGroupInner> observed = Observe.get(() -> groups.getWithResponse(spec.name(), Context.NONE));
        if (observed.isPresent()) {
            ResourceGroupInner group = observed.get();
            Observe.owned(spec.owner(), group.tags(), group.id());
            ResourceState state = ResourceState.of(group.properties() == null ? null : group.properties().provisioningState());
            if (state != ResourceState.SUCCEEDED) {
                return new Ensured(group.id(), state, false, null);
            }
            if (Observe.sameTags(spec.owner(), group.tags())) {
                return new Ensured(group.id(), ResourceState.SUCCEEDED, false, null);
            }
            if (!group.location().equalsIgnoreCase(spec.location())) {
                throw new AzureException(new AzureError(AzureErrorKind.TERMINAL, 409, "InvalidResourceGroupLocation",
                        "Resource group " + spec.name() + " is in " + group.location() + ", not " + spec.location() + ".",
                        null), null);
            }
        }
        return write(spec);
    }

    /** Creates or re-tags the group without reading it first. */
    Ensured write(ResourceGroupSpec spec) {
        ResourceGroupInner written = groups.createOrUpdateWithResponse(spec.name(),
                new ResourceGroupInner().withLocation(spec.location()).withTags(spec.owner().tags()), Context.NONE).getValue();
        return new Ensured(written.id(), ResourceState.of(written.properties() == null ? null
                : written.properties().provisioningState()), true, null);
    }

    /** One page of at most one group: the cheapest read that needs a working credential and subscription. */
    void firstPage() {
        groups.list(null, 1, Context.NONE).iterableByPage().iterator().next();
    }

    Deletion delete(String name, String hostId) {
        Optional<ResourceGroupInner> observed = Observe.get(() -> groups.getWithResponse(name, Context.NONE));
        if (observed.isEmpty()) {
            return Deletion.GONE;
        }
        ResourceGroupInner group = observed.get();
        Observe.owned(new io.dockyard.azure.Ownership(hostId, "", null), group.tags(), group.id());
        String state = group.properties() == null ? null : group.properties().provisioningState();
        if (!"Deleting".equalsIgnoreCase(state)) {
            groups.beginDelete(name, null, Context.NONE);
        }
        return Deletion.IN_PROGRESS;
    }
}
