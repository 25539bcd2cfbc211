package io.dockyard.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.dockyard.support.SshKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays the official examples of the ARM REST specs (the {@code x-ms-examples} of Azure/azure-rest-api-specs,
 * copied unchanged into {@code src/test/resources/arm-examples}, see its README) against the simulator, one case per
 * file. The request is the example's, with the placeholder subscription replaced by the simulator's (a request that
 * references a resource by a fill-in name is also replayed with the name filled in, see {@link #FILL_IN}); what it needs
 * (resource group, the resources its body references, the resource a GET or DELETE reads) is created first through
 * the simulator's own API. The simulator must accept the request with one of the example's status codes, and its
 * answer must carry every field the example's response shows for that status. Values Azure generates (ids, GUIDs,
 * addresses, times, etags) may differ, but a value the request set must come back as sent wherever the example shows
 * it echoed. Where the simulator differs from an example on purpose, {@link #ALLOWED} says why.
 */
class ArmExamplesTest {

    private static final String FOLDER = "arm-examples";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The subscription placeholders the examples use, as the {@code subscriptionId} parameter and in ids. */
    private static final String SUBSCRIPTION_PLACEHOLDER =
            "(?i)\\{subscription-id}|\\{subscriptionId}|subid|00000000-0000-0000-0000-000000000000";
    private static final Pattern SUBSCRIPTION_IN_ID =
            Pattern.compile("(?<=/subscriptions/)(" + SUBSCRIPTION_PLACEHOLDER + ")(?=/|$)");

    /**
     * A resource name the example leaves to the reader ({@code {existing-nic-name}}). Braces are not allowed in Azure
     * names, so no such resource can exist and ARM refuses a request that references one. For such a request the test
     * checks that the simulator refuses it too, then replays it with the name filled in (the braces dropped).
     */
    private static final Pattern FILL_IN = Pattern.compile("\\{([A-Za-z0-9_-]+)}");

    /** Where the simulator differs from an example on purpose: files (glob), the JSON path it lacks, and why. */
    private static final List<Allowed> ALLOWED = List.of(
            new Allowed("compute/VirtualMachineExtension_*_MaximumSet_Gen.json", "properties.protectedSettings",
                    "Azure never returns protected settings (they hold secrets); the simulator keeps them apart and must "
                            + "not return them either. The generated example just echoes its request."),
            new Allowed("compute/VirtualMachineExtension_CreateOrUpdate_MaximumSet_Gen.json", "properties.instanceView",
                    "The instance view is what the VM agent reports, not something a PUT sets; ARM ignores the made-up one "
                            + "in the generated request, and a PUT answer carries none."),
            new Allowed("compute/VirtualMachineExtension_Get_MaximumSet_Gen.json", "properties.instanceView",
                    "ARM adds the instance view only for $expand=instanceView; the generated example asks $expand=aaaaaa."),
            new Allowed("network/PublicIpAddressCreate*.json", "properties.ipConfiguration",
                    "A read-only back-reference that exists while a NIC uses the address; an address that is being "
                            + "created cannot be in use (the examples show one anyway)."),
            new Allowed("network/PublicIpAddressCreateCustomizedValues.json", "zones",
                    "The example puts zones beside the request body, not in it, so the request asks for no zone."),
            new Allowed("network/VirtualNetworkGet.json", "properties.subnets[*].properties.ipConfigurations",
                    "Read-only back-reference to a load balancer's frontend IP configuration; the simulator has no load "
                            + "balancers (NIC IP configurations are listed)."),
            new Allowed("network/VirtualNetworkGet.json", "properties.defaultPublicNatGateway",
                    "Read-only reference to a NAT gateway; the simulator has no NAT gateways."),
            new Allowed("network/NetworkInterfaceGet.json", "properties.dscpConfiguration",
                    "Read-only back-reference to a DSCP configuration; the simulator has none."),
            new Allowed("compute/VirtualMachine_Get.json", "managedBy",
                    "Azure sets managedBy on VMs that a scale set owns; the simulator has no scale sets, and a client "
                            + "cannot set it."),
            new Allowed("compute/VirtualMachine_Get_InstanceView.json", "patchStatus.availablePatchSummary",
                    "The result of a patch assessment run (assessPatches or the platform's periodic one), which the "
                            + "simulator does not perform."),
            new Allowed("compute/VirtualMachine_Get_InstanceView.json", "patchStatus.lastPatchInstallationSummary",
                    "The result of a patch installation run, which the simulator does not perform."));

    /** Where each operation lives, with the examples' parameter names as placeholders. */
    private static final String GROUP = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
    private static final Map<String, String> PATHS = Map.of(
            "ResourceGroups", GROUP,
            "VirtualMachines", GROUP + "/providers/Microsoft.Compute/virtualMachines/{vmName}",
            "VirtualMachineExtensions", GROUP + "/providers/Microsoft.Compute/virtualMachines/{vmName}/extensions/{vmExtensionName}",
            "PublicIPAddresses", GROUP + "/providers/Microsoft.Network/publicIPAddresses/{publicIpAddressName}",
            "NetworkInterfaces", GROUP + "/providers/Microsoft.Network/networkInterfaces/{networkInterfaceName}",
            "NetworkSecurityGroups", GROUP + "/providers/Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}",
            "VirtualNetworks", GROUP + "/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}",
            "Subnets", GROUP + "/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}");

    /** Read-only fields of a response that a PUT of the same resource must leave out (besides id, name, type, etag). */
    private static final Map<String, List<String>> READ_ONLY = Map.of(
            "VirtualMachines", List.of("managedBy", "resources", "properties.vmId", "properties.timeCreated",
                    "properties.instanceView"),
            "PublicIPAddresses", List.of("properties.ipAddress", "properties.ipConfiguration"),
            "NetworkInterfaces", List.of("properties.macAddress", "properties.primary", "properties.virtualMachine",
                    "properties.dscpConfiguration", "properties.vnetEncryptionSupported",
                    "properties.dnsSettings.appliedDnsServers", "properties.dnsSettings.internalDomainNameSuffix"),
            "NetworkSecurityGroups", List.of("properties.defaultSecurityRules"),
            "VirtualNetworks", List.of("properties.defaultPublicNatGateway",
                    "properties.subnets[].properties.ipConfigurations"),
            "Subnets", List.of("properties.ipConfigurations"));

    /** The kinds of the simulated cloud a body may reference, which the test creates when it does. */
    private static final Set<String> CREATABLE = Set.of("microsoft.network/virtualnetworks",
            "microsoft.network/virtualnetworks/subnets", "microsoft.network/networksecuritygroups",
            "microsoft.network/publicipaddresses", "microsoft.network/networkinterfaces", "microsoft.compute/virtualmachines");

    private static final Set<Allowed> USED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static ArmSimulator sim;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sim = TestSimulators.start();
        // The examples are about shapes, not ARM's request budgets: the polls of one example must not be throttled.
        SimulatorProperties.Throttling t = sim.throttling();
        sim.throttling(new SimulatorProperties.Throttling(false, t.timeFactor(), t.readBucket(), t.readsPerSecond(),
                t.writeBucket(), t.writesPerSecond(), t.deleteBucket(), t.deletesPerSecond()));
        http = HttpClient.newBuilder().sslContext(SdkClients.trusting(sim)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        TestSimulators.stop(sim);
    }

    @TestFactory
    Stream<DynamicTest> officialExamples() throws IOException {
        Path root = folder();
        Map<String, String> operations = operationsFromReadme(root.resolve("README.md"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("example files").isNotEmpty();
        Stream<DynamicTest> replays = files.stream().map(file -> {
            String name = root.relativize(file).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, () -> replay(Example.load(name, file, operations)));
        });
        // Last: every allowance must still be needed, so the list cannot rot.
        return Stream.concat(replays, Stream.of(DynamicTest.dynamicTest("allow-list has no stale entry", () ->
                assertThat(ALLOWED.stream().filter(a -> !USED.contains(a)).toList()).as("allowances no example needed")
                        .isEmpty())));
    }

    // ---- one example ------------------------------------------------------------------------------------------

    private void replay(Example example) {
        sim.reset();
        String id = example.resourceId();
        ObjectNode body = example.body();
        String location = example.location();
        if (!example.operationId().equals("ResourceGroups_CreateOrUpdate")) {
            ensureGroup(example.param("resourceGroupName"), location);
        }
        if (example.action().equals("CreateOrUpdate")) {
            ensureParent(id, location);
        } else if (!example.group().equals("ResourceGroups")) {
            createShown(example, id, location);
        }
        if (body != null && !fillIns(body).isEmpty()) {
            // As written, the request references a resource no one can create: ARM refuses it, so must the simulator.
            ensureReferences(body, id, location);
            Answer asWritten = send(example.method(), example.target(), example.query(), body);
            assertThat(asWritten.status()).as("%s as written (references %s) answered %s", example.file(),
                    fillIns(body), asWritten.text()).isEqualTo(400);
            body = filledIn(body, true);
        }
        if (body != null) {
            ensureReferences(body, id, location);
        }
        Answer answer = send(example.method(), example.target(), example.query(), body);
        assertThat(example.responses().has(String.valueOf(answer.status())))
                .as("%s: status %d is one of %s; answer %s", example.file(), answer.status(),
                        example.responses().propertyNames(), answer.text())
                .isTrue();
        JsonNode expected = example.responses().path(String.valueOf(answer.status())).path("body");
        if (expected.isMissingNode()) {
            return;
        }
        List<String> misses = new ArrayList<>();
        compare(expected, answer.json(), body, "", misses);
        List<String> unexplained = new ArrayList<>();
        for (String miss : misses) {
            Allowed allowance = ALLOWED.stream().filter(a -> a.covers(example.file(), miss)).findFirst().orElse(null);
            if (allowance == null) {
                unexplained.add(miss);
            } else {
                USED.add(allowance);
            }
        }
        assertThat(unexplained).as("%s: fields the example shows that the simulator's answer lacks or changed;"
                + " answer %s", example.file(), answer.text()).isEmpty();
    }

    /**
     * Every field of the expected body must be in the actual one; arrays match element by element, by {@code name}
     * where the elements have one, else by position. Where the request set a plain value at the same path, the
     * answer must carry that value. JSON nulls are no requirement: ARM leaves absent values out.
     */
    private static void compare(JsonNode expected, JsonNode actual, JsonNode sent, String path, List<String> misses) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                misses.add(path + " (not an object: " + actual + ")");
                return;
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                if (field.getValue().isNull()) {
                    continue;
                }
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode mine = actual.get(field.getKey());
                if (mine == null || mine.isNull()) {
                    misses.add(at);
                } else {
                    compare(field.getValue(), mine, sent == null ? null : sent.get(field.getKey()), at, misses);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                misses.add(path + " (not an array: " + actual + ")");
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                JsonNode item = expected.get(i);
                String name = item.path("name").isString() ? item.get("name").asString() : null;
                String at = path + "[" + (name == null ? String.valueOf(i) : name) + "]";
                JsonNode mine = name == null ? actual.get(i) : named(actual, name);
                JsonNode request = sent == null || !sent.isArray() ? null : name == null ? sent.get(i) : named(sent, name);
                if (mine == null) {
                    misses.add(at);
                } else {
                    compare(item, mine, request, at, misses);
                }
            }
        } else if (sent != null && sent.isValueNode() && !sent.equals(actual)) {
            misses.add(path + " (sent " + sent + ", answered " + actual + ")");
        }
    }

    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode item : array) {
            if (name.equalsIgnoreCase(item.path("name").asString(""))) {
                return item;
            }
        }
        return null;
    }

    // ---- prerequisites ----------------------------------------------------------------------------------------

    private void ensureGroup(String name, String location) {
        String id = "/subscriptions/" + sim.subscriptionId() + "/resourceGroups/" + name;
        if (!exists(id)) {
            ok(id, send("PUT", id, Map.of(), JSON.createObjectNode().put("location", location)));
        }
    }

    /** The parent a child resource's PUT needs: the VNet of a subnet, the VM of an extension. */
    private void ensureParent(String id, String location) {
        String type = typeOf(id);
        if (type.endsWith("virtualnetworks/subnets")) {
            ensureVnet(parentOf(id), location);
        } else if (type.endsWith("virtualmachines/extensions")) {
            ensureVm(parentOf(id), location, null);
        }
    }

    /** Creates every resource the body references by id (other than its own sub-resources) that the cloud has. */
    private void ensureReferences(JsonNode body, String ownId, String location) {
        for (String reference : references(body, new LinkedHashSet<>())) {
            if (!reference.toLowerCase(Locale.ROOT).startsWith(ownId.toLowerCase(Locale.ROOT) + "/")) {
                ensure(reference, location);
            }
        }
    }

    private void ensure(String id, String location) {
        String type = typeOf(id);
        if (!CREATABLE.contains(type)) {
            return; // availability sets, disks, DDoS plans...: kinds the simulated cloud does not have
        }
        ensureGroup(groupOf(id), location);
        if (FILL_IN.matcher(nameOf(id)).find()) {
            // Nobody can create it, as Azure names allow no braces: the simulator must refuse the name as ARM does.
            Answer refused = send("PUT", id, Map.of(), minimal(type, location));
            assertThat(refused.status()).as("creating %s: %s", id, refused.text()).isEqualTo(400);
            assertThat(refused.json().path("error").path("code").asString()).isEqualTo("InvalidResourceName");
            return;
        }
        if (exists(id)) {
            return;
        }
        switch (type) {
            case "microsoft.network/virtualnetworks/subnets" -> ensureSubnet(id, location);
            case "microsoft.network/networkinterfaces" -> ensureNic(id, location, null, "ipconfig1");
            case "microsoft.compute/virtualmachines" -> ensureVm(id, location, null);
            default -> put(id, minimal(type, location));
        }
    }

    private boolean exists(String id) {
        return send("GET", id, Map.of(), null).status() == 200;
    }

    private void ensureVnet(String id, String location) {
        if (!exists(id)) {
            put(id, minimal("microsoft.network/virtualnetworks", location));
        }
    }

    private void ensureSubnet(String id, String location) {
        ensureVnet(parentOf(id), location);
        if (!exists(id)) {
            int taken = send("GET", parentOf(id), Map.of(), null).json().path("properties").path("subnets").size();
            put(id, object("{\"properties\":{\"addressPrefix\":\"10.0." + taken + ".0/24\"}}"));
        }
    }

    private void ensureNic(String id, String location, String publicIpId, String configuration) {
        String subnet = groupIdOf(id) + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default";
        ensureSubnet(subnet, location);
        ObjectNode body = object("{\"location\":\"" + location + "\",\"properties\":{\"ipConfigurations\":[{\"name\":\""
                + configuration + "\",\"properties\":{\"subnet\":{\"id\":\"" + subnet + "\"}}}]}}");
        if (publicIpId != null) {
            ((ObjectNode) body.at("/properties/ipConfigurations/0/properties")).putObject("publicIPAddress")
                    .put("id", publicIpId);
        }
        put(id, body);
    }

    private void ensureVm(String id, String location, String nicId) {
        if (exists(id)) {
            return;
        }
        String nic = nicId;
        if (nic == null) {
            nic = groupIdOf(id) + "/providers/Microsoft.Network/networkInterfaces/" + nameOf(id) + "-nic";
            ensureNic(nic, location, null, "ipconfig1");
        }
        put(id, linuxVm(location, nic));
    }

    private static ObjectNode linuxVm(String location, String nicId) {
        return object("""
                {"location":"%s","properties":{"hardwareProfile":{"vmSize":"Standard_B2s"},
                "storageProfile":{"imageReference":{"publisher":"Canonical","offer":"ubuntu-24_04-lts","sku":"server",
                "version":"latest"},"osDisk":{"createOption":"FromImage"}},"osProfile":{"computerName":"vm",
                "adminUsername":"azureuser","linuxConfiguration":{"disablePasswordAuthentication":true,"ssh":{"publicKeys":[
                {"path":"/home/azureuser/.ssh/authorized_keys","keyData":"%s"}]}}},
                "networkProfile":{"networkInterfaces":[{"id":"%s","properties":{"primary":true}}]}}}"""
                .formatted(location, SshKeys.ed25519(), nicId));
    }

    private static ObjectNode minimal(String type, String location) {
        return switch (type) {
            case "microsoft.network/virtualnetworks" -> object("{\"location\":\"" + location
                    + "\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]}}}");
            case "microsoft.network/virtualnetworks/subnets" -> object("{\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}}");
            case "microsoft.compute/virtualmachines/extensions" -> object("{\"location\":\"" + location + "\",\"properties\":"
                    + "{\"publisher\":\"Microsoft.Azure.Extensions\",\"type\":\"CustomScript\",\"typeHandlerVersion\":\"2.1\","
                    + "\"settings\":{}}}");
            default -> object("{\"location\":\"" + location + "\"}");
        };
    }

    /**
     * The resource a GET or DELETE example reads, created the way the example's response shows it (read-only fields
     * left out), along with what the response shows referencing it: the NIC that uses a public IP, the VM that uses
     * a NIC, a VM's extensions.
     */
    private void createShown(Example example, String id, String location) {
        String type = typeOf(id);
        JsonNode shown = example.responses().path("200").path("body");
        if (example.action().equals("InstanceView")) {
            createForInstanceView(id, location, shown);
            return;
        }
        if (!shown.isObject()) {
            ensureParent(id, location);
            switch (type) {
                case "microsoft.network/networkinterfaces" -> ensureNic(id, location, null, "ipconfig1");
                case "microsoft.compute/virtualmachines" -> ensureVm(id, location, null);
                case "microsoft.network/virtualnetworks/subnets" -> ensureSubnet(id, location);
                default -> put(id, minimal(type, location));
            }
            return;
        }
        ObjectNode body = filledIn(writable(example.group(), shown), false);
        if (type.equals("microsoft.compute/virtualmachines")) {
            // The example's admin name ("admin") is one Azure refuses for new VMs, and a Windows VM needs a password
            // to be created (it is never returned): the GET shows the same fields either way.
            ObjectNode os = (ObjectNode) body.path("properties").path("osProfile");
            os.put("adminUsername", "azureuser");
            if (os.has("windowsConfiguration")) {
                os.put("adminPassword", "Example-Passw0rd");
            }
        }
        ensureParent(id, location);
        ensureReferences(body, id, location);
        put(id, body);
        if (type.equals("microsoft.compute/virtualmachines")) {
            for (JsonNode extension : shown.path("resources")) {
                put(filledIn(extension.path("id").asString()), filledIn(writable("VirtualMachineExtensions", extension), false));
            }
        }
        String nicUsingIt = shown.path("properties").path("ipConfiguration").path("id").asString(null);
        if (type.equals("microsoft.network/publicipaddresses") && nicUsingIt != null) {
            String nic = nicUsingIt.substring(0, nicUsingIt.toLowerCase(Locale.ROOT).indexOf("/ipconfigurations/"));
            ensureNic(nic, location, id, nameOf(nicUsingIt));
        }
        String vmUsingIt = shown.path("properties").path("virtualMachine").path("id").asString(null);
        if (type.equals("microsoft.network/networkinterfaces") && vmUsingIt != null) {
            ensureVm(vmUsingIt, location, id);
        }
    }

    /**
     * The VM an instance view example describes: its OS (from osName), its disks by name, boot diagnostics into the
     * storage account the URIs name, and its extensions (publisher and type from the handler type).
     */
    private void createForInstanceView(String id, String location, JsonNode view) {
        String nic = groupIdOf(id) + "/providers/Microsoft.Network/networkInterfaces/" + nameOf(id) + "-nic";
        ensureNic(nic, location, null, "ipconfig1");
        ObjectNode vm = linuxVm(location, nic);
        ObjectNode properties = (ObjectNode) vm.get("properties");
        if (view.path("osName").asString("").contains("Windows")) {
            properties.set("storageProfile", object("""
                    {"imageReference":{"publisher":"MicrosoftWindowsServer","offer":"WindowsServer",
                    "sku":"2016-Datacenter","version":"latest"},"osDisk":{"createOption":"FromImage"}}"""));
            properties.set("osProfile", object("""
                    {"computerName":"vm","adminUsername":"azureuser","adminPassword":"Example-Passw0rd",
                    "windowsConfiguration":{"provisionVMAgent":true}}"""));
        }
        ObjectNode storage = (ObjectNode) properties.get("storageProfile");
        ArrayNode dataDisks = storage.putArray("dataDisks");
        JsonNode disks = view.path("disks");
        for (int i = 0; i < disks.size(); i++) {
            if (i == 0) {
                ((ObjectNode) storage.get("osDisk")).put("name", disks.get(0).path("name").asString());
            } else {
                dataDisks.addObject().put("lun", i - 1).put("name", disks.get(i).path("name").asString())
                        .put("createOption", "Empty").put("diskSizeGB", 32);
            }
        }
        String screenshot = view.path("bootDiagnostics").path("consoleScreenshotBlobUri").asString(null);
        if (screenshot != null) {
            String account = filledIn(screenshot.substring(0, screenshot.indexOf('/', "https://".length())));
            properties.putObject("diagnosticsProfile").putObject("bootDiagnostics").put("enabled", true)
                    .put("storageUri", account);
        }
        put(id, vm);
        for (JsonNode extension : view.path("extensions")) {
            String handler = extension.path("type").asString();
            String[] version = extension.path("typeHandlerVersion").asString().split("\\.");
            ObjectNode body = JSON.createObjectNode().put("location", location);
            body.putObject("properties").put("publisher", handler.substring(0, handler.lastIndexOf('.')))
                    .put("type", handler.substring(handler.lastIndexOf('.') + 1))
                    .put("typeHandlerVersion", version[0] + "." + version[1]).put("autoUpgradeMinorVersion", true);
            put(id + "/extensions/" + extension.path("name").asString(), body);
        }
    }

    /** A response body as a PUT body: without the envelope ARM sets and the type's read-only fields. */
    private static ObjectNode writable(String group, JsonNode shown) {
        ObjectNode body = ((ObjectNode) shown).deepCopy();
        for (String field : List.of("id", "name", "type", "etag")) {
            body.remove(field);
        }
        stripEverywhere(body, Set.of("provisioningState", "etag", "resourceGuid"));
        for (String path : READ_ONLY.getOrDefault(group, List.of())) {
            removePath(body, path.split("\\."), 0);
        }
        return body;
    }

    private static void stripEverywhere(JsonNode node, Set<String> fields) {
        if (node instanceof ObjectNode object) {
            object.remove(fields);
        }
        for (JsonNode child : node) {
            stripEverywhere(child, fields);
        }
    }

    private static void removePath(JsonNode node, String[] steps, int at) {
        String step = steps[at];
        boolean each = step.endsWith("[]");
        String name = each ? step.substring(0, step.length() - 2) : step;
        if (!(node instanceof ObjectNode object) || !object.has(name)) {
            return;
        }
        if (at == steps.length - 1) {
            object.remove(name);
        } else if (each) {
            for (JsonNode item : object.get(name)) {
                removePath(item, steps, at + 1);
            }
        } else {
            removePath(object.get(name), steps, at + 1);
        }
    }

    private void put(String id, JsonNode body) {
        ok(id, send("PUT", id, Map.of(), body));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Answer answer = send("GET", id, Map.of(), null);
            return answer.status() == 200 && !answer.json().path("properties").path("provisioningState").asString("")
                    .matches("Creating|Updating|Deleting|Accepted|InProgress");
        });
    }

    private static void ok(String id, Answer answer) {
        assertThat(answer.status()).as("prerequisite PUT %s: %s", id, answer.text()).isBetween(200, 201);
    }

    // ---- ids and placeholders ---------------------------------------------------------------------------------

    /** Every resource id in a body ({@code "id": "/subscriptions/..."} at any depth). */
    private static Set<String> references(JsonNode node, Set<String> found) {
        String id = node.path("id").isString() ? node.get("id").asString() : "";
        if (node.isObject() && id.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
            found.add(id);
        }
        for (JsonNode child : node) {
            references(child, found);
        }
        return found;
    }

    private static List<String> fillIns(JsonNode body) {
        return references(body, new LinkedHashSet<>()).stream().filter(id -> FILL_IN.matcher(id).find()).toList();
    }

    /** The body with fill-in names completed: in reference ids only, or (for a prerequisite) everywhere. */
    private static ObjectNode filledIn(ObjectNode body, boolean idsOnly) {
        ObjectNode copy = body.deepCopy();
        fill(copy, idsOnly);
        return copy;
    }

    private static void fill(JsonNode node, boolean idsOnly) {
        if (node instanceof ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(key);
                if (value.isString() && (!idsOnly || key.equals("id"))) {
                    object.put(key, filledIn(value.asString()));
                }
            }
        }
        for (JsonNode child : node) {
            fill(child, idsOnly);
        }
    }

    private static String filledIn(String text) {
        return FILL_IN.matcher(text).replaceAll("$1");
    }

    private static String typeOf(String id) {
        String[] parts = id.split("/");
        StringBuilder type = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("providers") && i + 1 < parts.length) {
                type.append(parts[i + 1]);
                for (int j = i + 2; j < parts.length; j += 2) {
                    type.append('/').append(parts[j]);
                }
                break;
            }
        }
        return type.toString().toLowerCase(Locale.ROOT);
    }

    private static String nameOf(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    private static String parentOf(String id) {
        String withoutName = id.substring(0, id.lastIndexOf('/'));
        return withoutName.substring(0, withoutName.lastIndexOf('/'));
    }

    private static String groupOf(String id) {
        return id.split("/")[4];
    }

    private static String groupIdOf(String id) {
        return String.join("/", List.of(id.split("/")).subList(0, 5));
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    record Answer(int status, JsonNode json, String text) {
    }

    private Answer send(String method, String id, Map<String, String> query, JsonNode body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("api-version", query.getOrDefault("api-version", apiVersion(id)));
        all.putAll(query);
        String path = List.of(id.split("/", -1)).stream().map(ArmExamplesTest::encode).collect(Collectors.joining("/"));
        String queryString = all.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String url = sim.armUrl().toString().replaceAll("/$", "") + path + "?" + queryString;
        HttpRequest request = HttpRequest.newBuilder(uri(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Authorization", "Bearer x")
                .header("Content-Type", "application/json")
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String apiVersion(String id) {
        String type = typeOf(id);
        return type.startsWith("microsoft.network") ? "2024-10-01" : "2025-04-01";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    // ---- the example files --------------------------------------------------------------------------------------

    private static Path folder() {
        try {
            return Path.of(ArmExamplesTest.class.getClassLoader().getResource(FOLDER).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operation of each file, from the README's list ("- `compute/X.json` — VirtualMachines_Get — ..."). */
    private static Map<String, String> operationsFromReadme(Path readme) throws IOException {
        Map<String, String> operations = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^- `([^`]+\\.json)` — (\\w+_\\w+) —").matcher(Files.readString(readme));
        while (line.find()) {
            operations.put(line.group(1), line.group(2));
        }
        return operations;
    }

    /** One example with the subscription placeholders replaced by the simulator's subscription. */
    record Example(String file, String operationId, JsonNode parameters, JsonNode responses) {

        static Example load(String file, Path path, Map<String, String> operations) throws IOException {
            JsonNode raw = JSON.readTree(Files.readString(path));
            String operationId = raw.path("operationId").asString(operations.get(file));
            assertThat(operationId).as("operationId of %s (file or README)", file).isNotBlank();
            assertThat(PATHS).as("operations the test knows").containsKey(operationId.substring(0, operationId.indexOf('_')));
            ObjectNode parameters = (ObjectNode) raw.get("parameters").deepCopy();
            assertThat(parameters.path("subscriptionId").asString("")).as("%s: subscriptionId", file)
                    .matches(SUBSCRIPTION_PLACEHOLDER);
            parameters.put("subscriptionId", sim.subscriptionId());
            return new Example(file, operationId, substitute(parameters), substitute(raw.path("responses").deepCopy()));
        }

        private static JsonNode substitute(JsonNode node) {
            if (node instanceof ObjectNode object) {
                for (String key : List.copyOf(object.propertyNames())) {
                    JsonNode value = object.get(key);
                    if (value.isString()) {
                        object.put(key, SUBSCRIPTION_IN_ID.matcher(value.asString()).replaceAll(sim.subscriptionId()));
                    }
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isString()) {
                        array.set(i, StringNode.valueOf(
                                SUBSCRIPTION_IN_ID.matcher(array.get(i).asString()).replaceAll(sim.subscriptionId())));
                    }
                }
            }
            for (JsonNode child : node) {
                substitute(child);
            }
            return node;
        }

        String group() {
            return operationId.substring(0, operationId.indexOf('_'));
        }

        String action() {
            return operationId.substring(operationId.indexOf('_') + 1);
        }

        String param(String name) {
            return parameters.path(name).isValueNode() ? parameters.get(name).asString() : null;
        }

        String method() {
            return switch (action()) {
                case "CreateOrUpdate" -> "PUT";
                case "Get", "InstanceView" -> "GET";
                case "Delete" -> "DELETE";
                default -> throw new AssertionError("no replay for " + operationId);
            };
        }

        String resourceId() {
            Matcher placeholder = Pattern.compile("\\{(\\w+)}").matcher(PATHS.get(group()));
            StringBuilder id = new StringBuilder();
            while (placeholder.find()) {
                String value = param(placeholder.group(1));
                assertThat(value).as("%s: path parameter %s", file, placeholder.group(1)).isNotNull();
                placeholder.appendReplacement(id, Matcher.quoteReplacement(value));
            }
            return placeholder.appendTail(id).toString();
        }

        String target() {
            return action().equals("InstanceView") ? resourceId() + "/instanceView" : resourceId();
        }

        Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            for (String name : List.of("api-version", "$expand", "forceDeletion", "forceDeletionTypes")) {
                if (param(name) != null) {
                    query.put(name, param(name));
                }
            }
            return query;
        }

        /** The request body: the body parameter is named after the operation's swagger parameter. */
        ObjectNode body() {
            for (String name : List.of("parameters", "extensionParameters", "subnetParameters")) {
                if (parameters.get(name) instanceof ObjectNode body) {
                    return body.deepCopy();
                }
            }
            return null;
        }

        /** Where the example's resources live: the request's location, else the response's, else East US. */
        String location() {
            ObjectNode body = body();
            if (body != null && body.hasNonNull("location")) {
                return body.get("location").asString();
            }
            for (JsonNode response : responses) {
                if (response.path("body").path("location").isString()) {
                    return response.path("body").path("location").asString();
                }
            }
            return "eastus";
        }
    }

    /** A deliberate difference: the files it applies to (glob), the JSON path ({@code [*]} for any element) and why. */
    record Allowed(String files, String path, String reason) {

        boolean covers(String file, String miss) {
            String fieldPath = miss.replaceAll(" \\(.*$", "").replaceAll("\\[[^\\]]*]", "[*]");
            Pattern glob = Pattern.compile(Pattern.quote(files).replace("*", "\\E.*\\Q"));
            return glob.matcher(file).matches()
                    && (fieldPath.equals(path) || fieldPath.startsWith(path + ".") || fieldPath.startsWith(path + "["));
        }
    }
}
