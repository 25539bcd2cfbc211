package io.dockyard.simulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.dockyard.simulator.SimulatorProperties.Timing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Virtual machines: size, image, admin account, NICs. The checks are the ones a control plane trips over in real
 * life — unknown or unavailable sizes, the regional cores quota, reserved admin names, a missing or borrowed NIC,
 * and properties that cannot change after creation. Provisioning takes the configured time; a resize is a PUT.
 */
final class VirtualMachines extends ResourceKind {

    static final String TYPE_KEY = "microsoft.compute/virtualmachines";

    private static final Pattern NAME = Pattern.compile("^[^\\s~!@#$%^&*()=+_\\[\\]{}\\\\|;:.'\",<>/?]+$");
    private static final Set<String> RESERVED_ADMINS = Set.of("administrator", "admin", "user", "user1", "user2", "user3",
            "user4", "user5", "test", "test1", "test2", "test3", "admin1", "admin2", "1", "123", "a", "actuser", "adm",
            "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server", "sql", "support",
            "support_388945a0", "sys");

    @Override
    String type() {
        return "Microsoft.Compute/virtualMachines";
    }

    @Override
    Duration delay(Timing timing) {
        return timing.vmProvisioning();
    }

    @Override
    void checkName(String name) {
        if (name.length() > 64 || !NAME.matcher(name).matches() || name.endsWith("-") || name.endsWith(".")) {
            throw new ArmException(400, "InvalidParameter", "Virtual machine name '" + name + "' is invalid. Linux VM names "
                    + "may only contain 1-64 letters, numbers, '.', and '-', and cannot end with '.' or '-'.", "vmName");
        }
    }

    @Override
    void accept(Cloud cloud, Resource resource, ObjectNode request, boolean creating) {
        ObjectNode properties = properties(request);
        String sizeName = Json.text(properties, "hardwareProfile", "vmSize");
        if (sizeName == null && !creating) {
            sizeName = Json.text(resource.body, "properties", "hardwareProfile", "vmSize");
            Json.objectAt(properties, "hardwareProfile").put("vmSize", sizeName);
        }
        VmSizes.Size size = VmSizes.find(sizeName);
        if (size == null) {
            throw ArmException.invalidParameter("The value '" + sizeName + "' provided for the VM size is not valid. "
                    + "Use the list of available sizes for the region to pick one.", "vmSize");
        }
        Json.objectAt(properties, "hardwareProfile").put("vmSize", size.name());
        cloud.checkSizeAvailable(size, resource);
        cloud.checkCoresQuota(size, resource);
        storageProfile(resource, properties, creating);
        osProfile(resource, properties, creating);
        resource.references = networkInterfaces(cloud, resource, properties);
        properties.put("vmId", resource.guid);
        properties.put("timeCreated", resource.created.toString());
        resource.body = request;
    }

    private void storageProfile(Resource resource, ObjectNode properties, boolean creating) {
        ObjectNode storage = Json.objectAt(properties, "storageProfile");
        ObjectNode previous = resource.body.path("properties").path("storageProfile") instanceof ObjectNode p ? p : null;
        ObjectNode osDisk = Json.objectAt(storage, "osDisk");
        if (!creating && previous != null && osDisk.isEmpty()) {
            osDisk.setAll((ObjectNode) previous.path("osDisk").deepCopy());
        }
        String createOption = Json.text(osDisk, "createOption");
        if (createOption == null) {
            throw ArmException.invalidParameter("Required parameter 'osDisk.createOption' is missing (null).", "osDisk.createOption");
        }
        JsonNode image = storage.get("imageReference");
        if (createOption.equalsIgnoreCase("FromImage") && (image == null || !image.isObject()
                || image.get("id") == null && image.get("sharedGalleryImageId") == null
                && (Json.text(image, "publisher") == null || Json.text(image, "offer") == null || Json.text(image, "sku") == null))) {
            throw ArmException.invalidParameter("Required parameter 'imageReference' is missing (null).", "imageReference");
        }
        if (image instanceof ObjectNode imageReference && Json.text(imageReference, "publisher") != null) {
            String version = Json.text(imageReference, "version");
            imageReference.put("exactVersion", version == null || version.equalsIgnoreCase("latest") ? "24.04.202411030" : version);
        }
        String previousName = previous == null ? null : Json.text(previous, "osDisk", "name");
        String diskName = Json.text(osDisk, "name");
        if (previousName != null && diskName != null && !previousName.equalsIgnoreCase(diskName)) {
            throw new ArmException(409, "PropertyChangeNotAllowed",
                    "Changing property 'osDisk.name' is not allowed.", "osDisk.name");
        }
        if (diskName == null) {
            diskName = previousName != null ? previousName
                    : resource.name() + "_OsDisk_1_" + resource.guid.replace("-", "");
            osDisk.put("name", diskName);
        }
        boolean windows = properties.path("osProfile").has("windowsConfiguration") || isWindowsImage(image);
        osDisk.putIfAbsent("osType", StringNode.valueOf(windows ? "Windows" : "Linux"));
        osDisk.putIfAbsent("caching", StringNode.valueOf("ReadWrite"));
        osDisk.putIfAbsent("diskSizeGB", tools.jackson.databind.node.IntNode.valueOf(30));
        int previousSize = previous == null ? 0 : previous.path("osDisk").path("diskSizeGB").asInt(0);
        int size = osDisk.path("diskSizeGB").asInt(0);
        if (!creating && previousSize > 0 && size < previousSize) {
            throw new ArmException(409, "ResizeDiskError", "Disk size reduction is not supported. Current size is "
                    + previousSize + " GB and the requested size is " + size + " GB.", "osDisk.diskSizeGB");
        }
        if (!creating && previousSize > 0 && size > previousSize && !"deallocated".equals(resource.powerState)) {
            // Azure grows an OS disk only while its VM is deallocated.
            throw new ArmException(409, "OperationNotAllowed",
                    "Disk resizing is allowed only when creating a VM or when the VM is deallocated.", "osDisk.diskSizeGB");
        }
        osDisk.putIfAbsent("deleteOption", StringNode.valueOf("Detach"));
        ObjectNode managed = Json.objectAt(osDisk, "managedDisk");
        managed.putIfAbsent("storageAccountType", StringNode.valueOf("Standard_LRS"));
        managed.put("id", diskId(resource, diskName));
        ArrayNode dataDisks = storage.get("dataDisks") instanceof ArrayNode a ? a : storage.putArray("dataDisks");
        for (JsonNode disk : dataDisks) {
            ObjectNode d = (ObjectNode) disk;
            if (!d.has("lun") || Json.text(d, "createOption") == null) {
                throw ArmException.invalidParameter("Required parameter 'dataDisk.lun' or 'dataDisk.createOption' is missing (null).",
                        "dataDisks");
            }
            String name = Json.text(d, "name");
            if (name == null) {
                name = resource.name() + "_disk" + d.get("lun").asInt() + "_" + resource.guid.replace("-", "");
                d.put("name", name);
            }
            d.putIfAbsent("caching", StringNode.valueOf("None"));
            d.putIfAbsent("deleteOption", StringNode.valueOf("Detach"));
            d.putIfAbsent("toBeDetached", tools.jackson.databind.node.BooleanNode.FALSE);
            ObjectNode dm = Json.objectAt(d, "managedDisk");
            dm.putIfAbsent("storageAccountType", StringNode.valueOf("Standard_LRS"));
            dm.put("id", diskId(resource, name));
        }
    }

    /** Azure takes the OS type from the image; the simulator knows Windows images by their publisher. */
    private static boolean isWindowsImage(JsonNode image) {
        String publisher = Json.text(image, "publisher");
        return publisher != null && publisher.toLowerCase(Locale.ROOT).startsWith("microsoftwindows");
    }

    private static boolean isWindows(Resource vm) {
        return "Windows".equalsIgnoreCase(Json.text(vm.body, "properties", "storageProfile", "osDisk", "osType"));
    }

    private static String diskId(Resource vm, String diskName) {
        return "/subscriptions/" + vm.path.subscription() + "/resourceGroups/" + vm.path.resourceGroup()
                + "/providers/Microsoft.Compute/disks/" + diskName;
    }

    private void osProfile(Resource resource, ObjectNode properties, boolean creating) {
        ObjectNode previous = resource.body.path("properties").path("osProfile") instanceof ObjectNode p ? p : null;
        if (!properties.has("osProfile")) {
            if (creating) {
                throw ArmException.invalidParameter("Required parameter 'osProfile' is missing (null).", "osProfile");
            }
            if (previous != null) {
                properties.set("osProfile", previous.deepCopy());
            }
            return;
        }
        ObjectNode os = Json.objectAt(properties, "osProfile");
        String admin = Json.text(os, "adminUsername");
        if (admin == null || admin.isBlank()) {
            throw ArmException.invalidParameter("Required parameter 'adminUsername' is missing (null).", "adminUsername");
        }
        if (admin.length() > 64 || RESERVED_ADMINS.contains(admin.toLowerCase(Locale.ROOT))) {
            throw ArmException.invalidParameter("The Admin Username specified is not allowed.", "adminUsername");
        }
        String computerName = Json.text(os, "computerName");
        if (computerName == null) {
            computerName = previous != null && Json.text(previous, "computerName") != null
                    ? Json.text(previous, "computerName") : resource.name();
            os.put("computerName", computerName);
        }
        if (previous != null) {
            immutable(previous, os, "computerName");
            immutable(previous, os, "adminUsername");
        }
        boolean password = os.hasNonNull("adminPassword");
        boolean windows = "Windows".equalsIgnoreCase(Json.text(properties, "storageProfile", "osDisk", "osType"));
        ObjectNode linux = os.get("linuxConfiguration") instanceof ObjectNode l ? l : null;
        boolean keys = linux != null && linux.path("ssh").path("publicKeys").isArray()
                && !linux.path("ssh").path("publicKeys").isEmpty();
        boolean passwordDisabled = linux != null && linux.path("disablePasswordAuthentication").asBoolean(false);
        if (windows && creating && !password) {
            throw ArmException.invalidParameter("Required parameter 'adminPassword' is missing (null).", "adminPassword");
        }
        if (!windows && (passwordDisabled ? !keys : !keys && !password)) {
            throw ArmException.invalidParameter("Authentication using either SSH or by user name and password must be "
                    + "enabled in Linux profile.", "linuxConfiguration");
        }
        for (JsonNode key : linux == null ? Json.array() : linux.path("ssh").path("publicKeys")) {
            String data = Json.text(key, "keyData");
            if (data == null || !data.matches("^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+.*")) {
                throw ArmException.invalidParameter("The value of parameter linuxConfiguration.ssh.publicKeys.keyData is "
                        + "invalid.", "linuxConfiguration.ssh.publicKeys.keyData");
            }
        }
        os.remove("adminPassword");
        os.remove("customData");
        os.putIfAbsent("secrets", Json.array());
        os.putIfAbsent("allowExtensionOperations", tools.jackson.databind.node.BooleanNode.TRUE);
        os.putIfAbsent("requireGuestProvisionSignal", tools.jackson.databind.node.BooleanNode.TRUE);
        if (windows) {
            ObjectNode windowsConfiguration = Json.objectAt(os, "windowsConfiguration");
            windowsConfiguration.putIfAbsent("provisionVMAgent", tools.jackson.databind.node.BooleanNode.TRUE);
            windowsConfiguration.putIfAbsent("enableAutomaticUpdates", tools.jackson.databind.node.BooleanNode.TRUE);
            ObjectNode patch = Json.objectAt(windowsConfiguration, "patchSettings");
            patch.putIfAbsent("patchMode", StringNode.valueOf("AutomaticByOS"));
            patch.putIfAbsent("assessmentMode", StringNode.valueOf("ImageDefault"));
        } else if (linux != null) {
            linux.putIfAbsent("provisionVMAgent", tools.jackson.databind.node.BooleanNode.TRUE);
            ObjectNode patch = Json.objectAt(linux, "patchSettings");
            patch.putIfAbsent("patchMode", StringNode.valueOf("ImageDefault"));
            patch.putIfAbsent("assessmentMode", StringNode.valueOf("ImageDefault"));
        }
    }

    private static void immutable(ObjectNode previous, ObjectNode current, String field) {
        String before = Json.text(previous, field);
        String after = Json.text(current, field);
        if (before != null && after != null && !before.equals(after)) {
            throw new ArmException(409, "PropertyChangeNotAllowed", "Changing property 'osProfile." + field
                    + "' is not allowed.", "osProfile." + field);
        }
    }

    private List<String> networkInterfaces(Cloud cloud, Resource resource, ObjectNode properties) {
        JsonNode nics = properties.path("networkProfile").path("networkInterfaces");
        if (!nics.isArray() || nics.isEmpty()) {
            throw ArmException.invalidParameter("Virtual machine " + resource.name()
                    + " must have at least one network interface.", "networkProfile.networkInterfaces");
        }
        int primaries = 0;
        List<String> references = new ArrayList<>();
        for (JsonNode reference : nics) {
            String id = idOf(reference);
            Resource nic = cloud.find(id);
            if (nic == null || !nic.kind.typeKey().equals("microsoft.network/networkinterfaces") || nic.deleting()) {
                throw new ArmException(400, "InvalidParameter", "Resource " + id + " not found. The network interface "
                        + "referenced by virtual machine " + resource.name() + " must exist.", "networkProfile.networkInterfaces.id");
            }
            if (!nic.location.equals(resource.location)) {
                throw ArmException.invalidParameter("Network interface " + nic.id + " is in location '" + nic.location
                        + "', but virtual machine " + resource.name() + " is in location '" + resource.location
                        + "'. They must be in the same location.", "networkProfile.networkInterfaces");
            }
            for (Resource user : cloud.referrers(nic, "microsoft.compute/virtualmachines")) {
                if (!user.key.equals(resource.key)) {
                    throw new ArmException(409, "NicInUse", "Network Interface " + nic.id + " is used by existing resource "
                            + user.id + ". In order to use this network interface, first delete the resource " + user.id + ".");
                }
            }
            if (reference.path("properties").path("primary").asBoolean(false)) {
                primaries++;
            }
            references.add(nic.key);
        }
        if (nics.size() > 1 && primaries != 1) {
            throw ArmException.invalidParameter("Virtual machine " + resource.name()
                    + " must have one network interface set as the primary.", "networkProfile.networkInterfaces");
        }
        return references;
    }

    /** The NIC whose public IP the VM is reached at. */
    Resource primaryNic(Cloud cloud, Resource vm) {
        Resource first = null;
        for (JsonNode reference : vm.body.path("properties").path("networkProfile").path("networkInterfaces")) {
            Resource nic = cloud.find(idOf(reference));
            if (nic != null && (first == null || reference.path("properties").path("primary").asBoolean(false))) {
                first = nic;
            }
        }
        return first;
    }

    VmSizes.Size size(Resource vm) {
        return VmSizes.find(Json.text(vm.body, "properties", "hardwareProfile", "vmSize"));
    }

    @Override
    void decorate(Cloud cloud, Resource resource, ObjectNode out, boolean expand) {
        List<Resource> extensions = cloud.children(resource);
        if (!extensions.isEmpty()) {
            ArrayNode list = out.putArray("resources");
            for (Resource extension : extensions) {
                list.add(cloud.render(extension, false));
            }
        }
        if (expand) {
            properties(out).set("instanceView", instanceView(cloud, resource));
        }
    }

    ObjectNode instanceView(Cloud cloud, Resource vm) {
        ObjectNode view = Json.object();
        // A VM outside an availability set or scale set sits in update and fault domain 0.
        view.put("platformUpdateDomain", 0);
        view.put("platformFaultDomain", 0);
        view.put("computerName", Json.text(vm.body, "properties", "osProfile", "computerName"));
        String sku = Json.text(vm.body, "properties", "storageProfile", "imageReference", "sku");
        view.put("osName", isWindows(vm) ? "Windows Server " + String.valueOf(sku).replace('-', ' ') : "ubuntu");
        view.put("osVersion", isWindows(vm) ? windowsVersion(sku) : "24.04");
        ObjectNode agent = view.putObject("vmAgent");
        agent.put("vmAgentVersion", "2.12.0.2");
        agent.putArray("statuses").addObject().put("code", "ProvisioningState/succeeded").put("level", "Info")
                .put("displayStatus", "Ready").put("message", "Guest Agent is running")
                .put("time", cloud.now().toString());
        ArrayNode handlers = agent.putArray("extensionHandlers");
        for (Resource extension : cloud.children(vm)) {
            if (VmExtensions.publisher(extension) != null) {
                boolean ready = "Succeeded".equals(extension.state);
                ObjectNode handler = handlers.addObject();
                handler.put("type", VmExtensions.publisher(extension) + "." + VmExtensions.extensionType(extension));
                handler.put("typeHandlerVersion", Json.text(extension.body, "properties", "typeHandlerVersion"));
                handler.putObject("status").put("code", "ProvisioningState/" + (ready ? "succeeded" : "transitioning"))
                        .put("level", "Info").put("displayStatus", ready ? "Ready" : "NotReady");
            }
        }
        ArrayNode disks = view.putArray("disks");
        JsonNode storage = vm.body.path("properties").path("storageProfile");
        List<String> diskNames = new ArrayList<>();
        diskNames.add(Json.text(storage, "osDisk", "name"));
        for (JsonNode dataDisk : storage.path("dataDisks")) {
            diskNames.add(Json.text(dataDisk, "name"));
        }
        for (String diskName : diskNames) {
            ObjectNode disk = disks.addObject();
            disk.put("name", diskName);
            disk.putArray("statuses").addObject().put("code", "ProvisioningState/succeeded").put("level", "Info")
                    .put("displayStatus", "Provisioning succeeded").put("time", vm.created.toString());
        }
        bootDiagnostics(vm, view);
        ArrayNode extensions = view.putArray("extensions");
        for (Resource extension : cloud.children(vm)) {
            if (extension.extensionStatus != null) {
                extensions.add(extension.extensionStatus.deepCopy());
            }
        }
        view.put("hyperVGeneration", "V2");
        patchStatus(vm, view);
        view.put("isVMInStandbyPool", false);
        ArrayNode statuses = view.putArray("statuses");
        String state = vm.state.toLowerCase(Locale.ROOT);
        ObjectNode provisioning = statuses.addObject();
        boolean failedWithReason = state.equals("failed") && vm.failure != null;
        provisioning.put("code", "ProvisioningState/" + state + (failedWithReason ? "/" + vm.failure.code() : ""));
        provisioning.put("level", state.equals("failed") ? "Error" : "Info");
        provisioning.put("displayStatus", switch (state) {
            case "succeeded" -> "Provisioning succeeded";
            case "failed" -> "Provisioning failed";
            default -> state.substring(0, 1).toUpperCase(Locale.ROOT) + state.substring(1);
        });
        provisioning.put("time", vm.created.toString());
        if (failedWithReason) {
            provisioning.put("message", vm.failure.message());
        }
        statuses.addObject().put("code", "PowerState/" + vm.powerState).put("level", "Info")
                .put("displayStatus", switch (vm.powerState) {
                    case "running" -> "VM running";
                    case "deallocated" -> "VM deallocated";
                    case "stopped" -> "VM stopped";
                    case "deallocating" -> "VM deallocating";
                    default -> "VM " + vm.powerState;
                });
        return view;
    }

    /** The build of a Windows Server image's OS, by the year in its SKU ({@code 2016-Datacenter}). */
    private static String windowsVersion(String sku) {
        String build = sku == null ? null : sku.startsWith("2016") ? "14393" : sku.startsWith("2019") ? "17763"
                : sku.startsWith("2022") ? "20348" : sku.startsWith("2025") ? "26100" : null;
        return "Microsoft Windows NT 10.0" + (build == null ? "" : "." + build + ".0");
    }

    /**
     * Boot diagnostics into a storage account the caller names: the host writes a screenshot and the serial log into a
     * container of that account. With managed storage (no URI) Azure hands the blobs out by another call instead.
     */
    private static void bootDiagnostics(Resource vm, ObjectNode view) {
        JsonNode settings = vm.body.path("properties").path("diagnosticsProfile").path("bootDiagnostics");
        String storageUri = Json.text(settings, "storageUri");
        if (!settings.path("enabled").asBoolean(false) || storageUri == null) {
            return;
        }
        String prefix = vm.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String blob = storageUri.replaceAll("/+$", "") + "/bootdiagnostics-" + prefix.substring(0, Math.min(9, prefix.length()))
                + "-" + vm.guid + "/" + vm.name() + "." + vm.guid;
        view.putObject("bootDiagnostics").put("consoleScreenshotBlobUri", blob + ".screenshot.bmp")
                .put("serialConsoleLogBlobUri", blob + ".serialconsole.log");
    }

    /**
     * How the guest applies the VM's patch settings. Assessment and installation summaries come from patch runs, which
     * the simulator does not make.
     */
    private static void patchStatus(Resource vm, ObjectNode view) {
        JsonNode os = vm.body.path("properties").path("osProfile");
        JsonNode settings = (isWindows(vm) ? os.path("windowsConfiguration") : os.path("linuxConfiguration")).path("patchSettings");
        if (!settings.isObject()) {
            return;
        }
        ArrayNode statuses = view.putObject("patchStatus").putArray("configurationStatuses");
        for (String state : List.of("PatchModeConfigurationState", "AssessmentModeConfigurationState")) {
            statuses.addObject().put("code", state + "/Ready").put("level", "Info")
                    .put("displayStatus", "Status_" + state + "_Ready").put("time", vm.created.toString());
        }
    }
}
