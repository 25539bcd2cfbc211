package io.dockyard.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * VM extensions. Protected settings are kept apart and never rendered, as Azure never returns them. Applying an
 * extension has an effect — see {@link Cloud#runExtension} — whose outcome becomes the extension's provisioning
 * state and instance view.
 */
final class VmExtensions extends ResourceKind {

    @Override
    String type() {
        return "Microsoft.Compute/virtualMachines/extensions";
    }

    @Override
    String parentType() {
        return "Microsoft.Compute/virtualMachines";
    }

    @Override
    int maxNameLength() {
        return 64;
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        Resource vm = resource.parent;
        if (vm.powerState.equals("deallocated") || vm.powerState.equals("stopped") || vm.powerState.equals("deallocating")) {
            throw new ArmException(409, "OperationNotAllowed", "Cannot modify extensions in the VM when the VM is not running.");
        }
        ObjectNode properties = properties(request);
        JsonNode secrets = properties.remove("protectedSettings");
        if (Json.text(properties, "publisher") != null && Json.text(properties, "type") == null) {
            throw ArmException.invalidParameter("Required parameter 'type' is missing (null).", "type");
        }
        properties.remove("instanceView");
        resource.secrets = secrets instanceof ObjectNode object ? object : null;
        resource.body = request;
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        if (expand && resource.extensionStatus != null) {
            properties(out).set("instanceView", resource.extensionStatus.deepCopy());
        }
    }

    static String publisher(Resource extension) {
        return Json.text(extension.body, "properties", "publisher");
    }

    static String extensionType(Resource extension) {
        return Json.text(extension.body, "properties", "type");
    }
}
