package io.dockyard.reconciler.internal;

import io.dockyard.azure.AzureResources;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ResourceGroupSpec;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;

/** The host's resource group, in the host's region, tagged as the host's. */
final class ResourceGroupStep implements Step {

    private final AzureResources azure;

    ResourceGroupStep(AzureResources azure) {
        this.azure = azure;
    }

    @Override
    public String condition() {
        return Condition.RESOURCE_GROUP_READY;
    }

    @Override
    public StepResult run(PassContext pass) {
        ResourceGroupSpec spec = new ResourceGroupSpec(pass.names.resourceGroup(), pass.host.location(), pass.owner);
        Ensured group = pass.neverAttempted(condition()) ? azure.createResourceGroup(spec) : azure.ensureResourceGroup(spec);
        pass.noteWrite(condition(), "ResourceGroupUpdated", "Resource group " + pass.names.resourceGroup(), group);
        StepResult pending = Outcomes.of("ResourceGroup", "Resource group " + pass.names.resourceGroup(), group);
        if (pending != null) {
            return pending;
        }
        pass.condition(condition(), ConditionStatus.True, "Created", "Resource group " + pass.names.resourceGroup() + " exists");
        return StepResult.done();
    }
}
