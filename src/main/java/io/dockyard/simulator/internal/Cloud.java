package io.dockyard.simulator.internal;

import io.dockyard.simulator.Fault;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.dockyard.simulator.SimulatorProperties;
import io.dockyard.simulator.internal.engine.ExtensionEffects;
import io.dockyard.simulator.internal.engine.ExtensionOutcome;
import io.dockyard.simulator.internal.engine.ExtensionRun;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of the simulated cloud and its life cycle rules: resource groups, resources, the references between
 * them and the long-running operations that move them from Creating to Succeeded and from Deleting to gone. One
 * monitor guards it all; nothing slow (an extension's script, a dockerd stopping) runs while holding it.
 */
final class Cloud implements AutoCloseable {

    /** The outcome of a PUT: the resource, its operation and whether it was new. */
    record PutResult(Resource resource, Operation operation, boolean created, ObjectNode body) {
    }

    /** The outcome of a resource group PUT. */
    record GroupResult(ResourceGroup group, boolean created) {
    }

    private final Clock clock;
    private final Regions regions;
    private final Map<String, ResourceKind> kinds = new LinkedHashMap<>();
    private final Map<String, ResourceGroup> groups = new LinkedHashMap<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    // The same resources by type key: quota, FQDN and list checks look at one type, not at the whole cloud under its
    // lock (thousands of resources in a bench).
    private final Map<String, Map<String, Resource>> byType = new HashMap<>();
    private final Map<String, Set<String>> referrers = new HashMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Operation> eldest) {
            return size() > 50_000;
        }
    };
    private final Stats stats = new Stats();
    private final LoopbackPool addresses;
    private final ExtensionEffects effects;
    private final ScheduledExecutorService timer;
    private volatile SimulatorProperties settings;

    Cloud(SimulatorProperties settings, ExtensionEffects effects, Clock clock) {
        this.settings = settings;
        this.effects = effects;
        this.clock = clock;
        this.regions = new Regions(settings.regions());
        this.addresses = new LoopbackPool(settings.engine().firstAddress());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("arm-simulator-timer").factory());
        for (ResourceKind kind : List.of(new VirtualNetworks(), new Subnets(), new SecurityGroups(), new PublicIpAddresses(),
                new NetworkInterfaces(), new VirtualMachines(), new VmExtensions())) {
            kinds.put(kind.typeKey(), kind);
        }
    }

    // ---- facts kinds ask for ------------------------------------------------------------------------------------

    Instant now() {
        return clock.instant();
    }

    Regions regions() {
        return regions;
    }

    Stats stats() {
        return stats;
    }

    SimulatorProperties settings() {
        return settings;
    }

    void settings(SimulatorProperties value) {
        settings = value;
    }

    ResourceKind kindFor(String typeKey) {
        return kinds.get(typeKey);
    }

    @SuppressWarnings("unchecked")
    <K extends ResourceKind> K kind(Class<K> type) {
        for (ResourceKind kind : kinds.values()) {
            if (type.isInstance(kind)) {
                return (K) kind;
            }
        }
        throw new IllegalArgumentException(type.getName());
    }

    Resource find(String id) {
        return id == null ? null : resources.get(id.toLowerCase(Locale.ROOT));
    }

    /** A referenced resource that must exist (and sit in the referrer's region when one is given). */
    Resource require(String id, String typeKey, String referrerId, String location) {
        Resource target = find(id);
        if (target == null || !target.kind.typeKey().equals(typeKey) || target.deleting()
                || location != null && !location.equals(target.location)) {
            throw ArmException.badRequest("InvalidResourceReference", "Resource " + id + " referenced by resource "
                    + referrerId + " was not found. Please make sure that the referenced resource exists, and that both "
                    + "resources are in the same region.");
        }
        return target;
    }

    List<Resource> children(Resource parent) {
        return new ArrayList<>(parent.children);
    }

    List<Resource> referrers(Resource target, String typeKey) {
        List<Resource> found = new ArrayList<>();
        for (String key : referrers.getOrDefault(target.key, Set.of())) {
            Resource referrer = resources.get(key);
            if (referrer != null && (typeKey == null || referrer.kind.typeKey().equals(typeKey))) {
                found.add(referrer);
            }
        }
        return found;
    }

    String allocateAddress() {
        return addresses.allocate();
    }

    Resource fqdnHolder(String fqdn) {
        for (Resource resource : ofType(PublicIpAddresses.TYPE_KEY)) {
            if (resource.kind instanceof PublicIpAddresses pips && fqdn.equalsIgnoreCase(pips.fqdn(resource))) {
                return resource;
            }
        }
        return null;
    }

    void checkSizeAvailable(VmSizes.Size size, Resource vm) {
        for (String unavailable : settings.compute().unavailableSizes()) {
            String[] parts = unavailable.split("/");
            boolean here = parts.length == 1 || parts[0].equalsIgnoreCase(vm.location);
            if (here && parts[parts.length - 1].equalsIgnoreCase(size.name())) {
                throw new ArmException(409, "SkuNotAvailable", "The requested VM size for resource 'Following SKUs have "
                        + "failed for Capacity Restrictions: " + size.name() + "' is currently not available in location '"
                        + vm.location + "'. Please try another size or deploy to a different location or different zone. "
                        + "See https://aka.ms/azureskunotavailable for details.");
            }
        }
    }

    void checkCoresQuota(VmSizes.Size size, Resource vm) {
        int used = 0;
        for (Resource other : ofType(VirtualMachines.TYPE_KEY)) {
            if (other.kind instanceof VirtualMachines vms && other != vm && !other.key.equals(vm.key)
                    && other.location.equals(vm.location) && !other.powerState.equals("deallocated")) {
                VmSizes.Size otherSize = vms.size(other);
                used += otherSize == null ? 0 : otherSize.cores();
            }
        }
        int limit = settings.compute().coresQuotaPerRegion();
        if (used + size.cores() > limit) {
            throw new ArmException(409, "OperationNotAllowed", "Operation could not be completed as it results in exceeding "
                    + "approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: "
                    + vm.location + ", Current Limit: " + limit + ", Current Usage: " + used + ", Additional Required: "
                    + size.cores() + ", (Minimum) New Limit Required: " + (used + size.cores())
                    + ". Submit a request for Quota increase at https://aka.ms/ProdportalCRP.");
        }
    }

    ObjectNode render(Resource resource, boolean expand) {
        ObjectNode out = Json.object();
        out.put("name", resource.name());
        out.put("id", resource.id);
        out.put("etag", resource.etag);
        out.put("type", resource.kind.type());
        if (resource.kind.tracked()) {
            out.put("location", resource.location);
        }
        for (var entry : resource.body.properties()) {
            if (!entry.getKey().equals("properties") && !entry.getKey().equals("location")) {
                out.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        ObjectNode properties = (ObjectNode) resource.body.path("properties").deepCopy();
        properties.put("provisioningState", resource.state);
        out.set("properties", properties);
        resource.kind.decorate(this, resource, out, expand);
        return out;
    }

    // ---- resource groups ----------------------------------------------------------------------------------------

    synchronized GroupResult putGroup(String subscription, String name, JsonNode body) {
        if (name.length() > 90 || !name.matches("^[-\\w._()]+$") || name.endsWith(".")) {
            throw new ArmException(400, "InvalidResourceGroup", "The provided resource group name '" + name
                    + "' has these invalid characters or length. The name can only be a letter, digit, '-', '.', '(', ')' "
                    + "or '_', up to 90 characters, and cannot end with '.'.");
        }
        String requested = Json.text(body, "location");
        if (requested == null) {
            throw new ArmException(400, "LocationRequired", "The location property is required for this definition.");
        }
        String location = regions.resolve(requested);
        if (location == null) {
            throw new ArmException(400, "LocationNotAvailableForResourceGroup", "The provided location '" + requested
                    + "' is not available for resource group. List of available regions is '"
                    + String.join(",", regions.names()) + "'.");
        }
        ResourceGroup group = groups.get(ResourcePath.groupKey(subscription, name));
        boolean created = group == null;
        if (group != null) {
            if (group.state.equals("Deleting")) {
                throw beingDeleted(group.name);
            }
            if (!group.location.equals(location)) {
                throw new ArmException(409, "InvalidResourceGroupLocation", "Invalid resource group location '" + location
                        + "'. The Resource group already exists in location '" + group.location + "'.");
            }
        } else {
            group = new ResourceGroup(subscription, name, location);
            groups.put(group.key(), group);
        }
        group.tags = body.get("tags") instanceof ObjectNode tags ? tags.deepCopy() : Json.object();
        group.managedBy = Json.text(body, "managedBy");
        stats.wrote(group.id(), created);
        return new GroupResult(group, created);
    }

    synchronized ResourceGroup group(String subscription, String name) {
        ResourceGroup group = groups.get(ResourcePath.groupKey(subscription, name));
        if (group == null) {
            throw ArmException.resourceGroupNotFound(name);
        }
        return group;
    }

    synchronized List<ResourceGroup> groups(String subscription) {
        return groups.values().stream().filter(g -> g.subscription.equalsIgnoreCase(subscription)).toList();
    }

    synchronized Operation deleteGroup(String subscription, String name, String apiVersion) {
        ResourceGroup group = group(subscription, name);
        String prefix = "/subscriptions/" + group.key().replace("/", "/resourcegroups/") + "/";
        Operation operation = newOperation(subscription, "Microsoft.Resources", group.location, apiVersion, group.id(), true);
        if (!group.state.equals("Deleting")) {
            group.state = "Deleting";
            for (Resource resource : resources.values()) {
                if (resource.key.startsWith(prefix)) {
                    resource.state = "Deleting";
                }
            }
        }
        stats.wrote(group.id(), false);
        later(settings.timing().deletion(), () -> finishGroupDelete(group, operation));
        return operation;
    }

    private void finishGroupDelete(ResourceGroup group, Operation operation) {
        List<Runnable> cleanup = new ArrayList<>();
        synchronized (this) {
            String prefix = "/subscriptions/" + group.key().replace("/", "/resourcegroups/") + "/";
            List<Resource> inside = resources.values().stream().filter(r -> r.key.startsWith(prefix)).toList();
            for (Resource resource : inside.reversed()) {
                forget(resource, cleanup);
            }
            groups.remove(group.key());
            operation.finish("Succeeded", null, now());
        }
        cleanup.forEach(Runnable::run);
    }

    private ResourceGroup writableGroup(String subscription, String name) {
        ResourceGroup group = group(subscription, name);
        if (group.state.equals("Deleting")) {
            throw beingDeleted(name);
        }
        return group;
    }

    private static ArmException beingDeleted(String name) {
        return new ArmException(409, "ResourceGroupBeingDeleted", "The resource group '" + name
                + "' is in deprovisioning state and cannot perform this operation.");
    }

    // ---- resources ----------------------------------------------------------------------------------------------

    synchronized PutResult put(ResourcePath path, JsonNode body, boolean patch, String apiVersion, Fault operationFault) {
        ResourceKind kind = kinds.get(path.typeKey());
        writableGroup(path.subscription(), path.resourceGroup());
        Resource parent = null;
        if (kind.parentType() != null) {
            parent = resources.get(path.parent().key());
            if (parent == null || parent.deleting()) {
                throw ArmException.notFound(kind.parentType(), path.parent().name(), path.resourceGroup());
            }
        }
        Resource existing = resources.get(path.key());
        ObjectNode request;
        if (patch) {
            if (existing == null) {
                throw ArmException.notFound(kind.type(), path.name(), path.resourceGroup());
            }
            request = existing.request.deepCopy();
            Json.mergePatch(request, body);
        } else {
            request = ResourceKind.writable(body);
        }
        if (existing != null && existing.deleting()) {
            throw busy(existing, "it is being deleted");
        }
        if (existing != null && existing.operation != null && !existing.operation.done()) {
            if (request.equals(existing.request)) {
                stats.wrote(existing.id, false);
                return new PutResult(existing, existing.operation, false, render(existing, false));
            }
            if (!kind.namespace().equalsIgnoreCase("Microsoft.Compute")) {
                throw busy(existing, "another operation on it is in progress");
            }
            existing.operation.finish("Canceled", new ArmError("OperationPreempted",
                    "Operation execution has been preempted by a more recent operation.", null), now());
        }
        boolean creating = existing == null;
        if (creating) {
            kind.checkName(path.name());
        }
        boolean unchanged = !creating && request.equals(existing.request) && "Succeeded".equals(existing.state);
        Resource resource = creating ? new Resource(path, kind, parent, now()) : existing;
        ObjectNode fingerprint = request.deepCopy();
        if (kind.tracked()) {
            String requested = Json.text(request, "location");
            if (requested == null && parent != null) {
                requested = parent.location;
            }
            if (requested == null) {
                throw new ArmException(400, "LocationRequired", "The location property is required for this definition.");
            }
            String region = regions.resolve(requested);
            if (region == null) {
                throw new ArmException(400, "LocationNotAvailableForResourceType", "The provided location '" + requested
                        + "' is not available for resource type '" + kind.type() + "'. List of available regions for the "
                        + "resource type is '" + String.join(",", regions.names()) + "'.");
            }
            if (!creating && !region.equals(existing.location)) {
                throw new ArmException(409, "InvalidResourceLocation", "The resource '" + path.name()
                        + "' already exists in location '" + existing.location + "' in resource group '"
                        + path.resourceGroup() + "'. A resource with the same name cannot be created in location '"
                        + region + "'. Please select a new resource name.");
            }
            request.put("location", region);
            resource.location = region;
        } else {
            resource.location = parent != null ? parent.location : null;
        }
        List<Resource> removedSubnets = kind instanceof VirtualNetworks ? subnetsLeftOut(resource, fingerprint, creating) : List.of();
        kind.accept(this, resource, request, creating);
        request.remove("location");
        if (creating) {
            add(resource);
        }
        resource.request = fingerprint;
        index(resource);
        resource.state = creating ? "Creating" : "Updating";
        resource.touch();
        Operation operation = newOperation(path.subscription(), kind.namespace(), resource.location, apiVersion, resource.key, false);
        resource.operation = operation;
        operation.targets.add(resource);
        stats.wrote(resource.id, creating);
        if (kind instanceof VirtualNetworks) {
            List<Runnable> cleanup = new ArrayList<>();
            removedSubnets.forEach(subnet -> forget(subnet, cleanup));
            putSubnets(resource, fingerprint, operation);
        }
        ObjectNode rendered = render(resource, false);
        if (kind instanceof VmExtensions) {
            boolean rerun = !unchanged;
            Thread.ofVirtual().name("arm-extension-" + resource.name()).start(() -> runExtension(resource, operation,
                    operationFault, rerun));
        } else {
            later(kind.delay(settings.timing()), () -> complete(operation, operationFault));
        }
        return new PutResult(resource, operation, creating, rendered);
    }

    private List<Resource> subnetsLeftOut(Resource vnet, ObjectNode request, boolean creating) {
        if (creating) {
            return List.of();
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode subnet : request.path("properties").path("subnets")) {
            listed.add(String.valueOf(Json.text(subnet, "name")).toLowerCase(Locale.ROOT));
        }
        List<Resource> removed = new ArrayList<>();
        for (Resource subnet : children(vnet)) {
            if (!listed.contains(subnet.name().toLowerCase(Locale.ROOT))) {
                kind(Subnets.class).checkDelete(this, subnet);
                removed.add(subnet);
            }
        }
        return removed;
    }

    private void putSubnets(Resource vnet, ObjectNode request, Operation operation) {
        for (JsonNode entry : request.path("properties").path("subnets")) {
            String name = Json.text(entry, "name");
            if (name == null) {
                throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: a subnet has no name.");
            }
            ResourcePath path = new ResourcePath(vnet.path.subscription(), vnet.path.resourceGroup(), vnet.path.namespace(),
                    List.of(vnet.path.types().getFirst(), "subnets"), List.of(vnet.name(), name));
            Resource existing = resources.get(path.key());
            boolean creating = existing == null;
            ResourceKind kind = kind(Subnets.class);
            if (creating) {
                kind.checkName(name);
            }
            Resource subnet = creating ? new Resource(path, kind, vnet, now()) : existing;
            subnet.location = vnet.location;
            ObjectNode subnetRequest = ResourceKind.writable(entry);
            ObjectNode fingerprint = subnetRequest.deepCopy();
            kind.accept(this, subnet, subnetRequest, creating);
            if (creating) {
                add(subnet);
            }
            subnet.request = fingerprint;
            index(subnet);
            subnet.state = vnet.state;
            subnet.touch();
            subnet.operation = operation;
            operation.targets.add(subnet);
            stats.wrote(subnet.id, creating);
        }
    }

    private ArmException busy(Resource resource, String why) {
        if (resource.kind.namespace().equalsIgnoreCase("Microsoft.Compute")) {
            return new ArmException(409, "OperationNotAllowed", "Operation on '" + resource.name()
                    + "' is not allowed since " + why + ".");
        }
        return new ArmException(429, "RetryableErrorDueToAnotherOperation", "Operation on resource " + resource.id
                + " was canceled because " + why + ". Please retry the request.")
                .header("Retry-After", String.valueOf(settings.timing().retryAfterSeconds()));
    }

    synchronized ObjectNode get(ResourcePath path, boolean expand) {
        group(path.subscription(), path.resourceGroup());
        Resource resource = resources.get(path.key());
        if (resource == null) {
            throw ArmException.notFound(kinds.get(path.typeKey()).type(), path.name(), path.resourceGroup());
        }
        return render(resource, expand);
    }

    synchronized Operation delete(ResourcePath path, String apiVersion, Fault operationFault) {
        writableGroup(path.subscription(), path.resourceGroup());
        Resource resource = resources.get(path.key());
        if (resource == null) {
            return null;
        }
        if (resource.deleting() && resource.operation != null) {
            stats.wrote(resource.id, false);
            return resource.operation;
        }
        resource.kind.checkDelete(this, resource);
        if (resource.operation != null && !resource.operation.done()) {
            if (!resource.kind.namespace().equalsIgnoreCase("Microsoft.Compute")) {
                throw busy(resource, "another operation on it is in progress");
            }
            resource.operation.finish("Canceled", new ArmError("OperationPreempted",
                    "Operation execution has been preempted by a more recent operation.", null), now());
        }
        Operation operation = newOperation(path.subscription(), resource.kind.namespace(), resource.location, apiVersion,
                resource.key, true);
        String previousState = resource.state;
        resource.state = "Deleting";
        resource.operation = operation;
        operation.targets.add(resource);
        for (Resource child : children(resource)) {
            child.state = "Deleting";
        }
        stats.wrote(resource.id, false);
        later(settings.timing().deletion(), () -> finishDelete(resource, operation, operationFault, previousState));
        return operation;
    }

    private void finishDelete(Resource resource, Operation operation, Fault fault, String previousState) {
        List<Runnable> cleanup = new ArrayList<>();
        synchronized (this) {
            if (operation.done()) {
                return;
            }
            if (fault != null) {
                resource.state = "Failed";
                children(resource).forEach(child -> child.state = previousState);
                operation.finish("Failed", new ArmError(fault.code(), fault.message(), null), now());
                return;
            }
            List<Resource> cascade = new ArrayList<>();
            if (resource.kind instanceof VirtualMachines) {
                for (JsonNode reference : resource.body.path("properties").path("networkProfile").path("networkInterfaces")) {
                    if ("Delete".equalsIgnoreCase(Json.text(reference, "properties", "deleteOption"))) {
                        Resource nic = find(ResourceKind.idOf(reference));
                        if (nic != null) {
                            cascade.add(nic);
                        }
                    }
                }
            }
            forget(resource, cleanup);
            cascade.forEach(nic -> forget(nic, cleanup));
            operation.finish("Succeeded", null, now());
        }
        cleanup.forEach(Runnable::run);
    }

    /** Removes a resource and its children from the cloud; engine shutdowns are queued for after the lock. */
    private void forget(Resource resource, List<Runnable> cleanup) {
        for (Resource child : children(resource)) {
            forget(child, cleanup);
        }
        if (resources.remove(resource.key) == null) {
            return;
        }
        Map<String, Resource> sameType = byType.get(resource.kind.typeKey());
        if (sameType != null) {
            sameType.remove(resource.key);
        }
        if (resource.parent != null) {
            resource.parent.children.remove(resource);
        }
        unindex(resource);
        referrers.remove(resource.key);
        if (resource.operation != null && !resource.operation.done() && !resource.operation.deletion) {
            resource.operation.finish("Canceled", new ArmError("OperationPreempted", "The resource was deleted.", null), now());
        }
        if (resource.address != null) {
            addresses.release(resource.address);
        }
        if (resource.kind instanceof VmExtensions) {
            cleanup.add(() -> effects.remove(resource.key));
        } else if (resource.kind instanceof VirtualMachines) {
            cleanup.add(() -> effects.removeVm(resource.key));
        }
    }

    private void index(Resource resource) {
        unindex(resource);
        for (String target : resource.references) {
            referrers.computeIfAbsent(target, k -> new HashSet<>()).add(resource.key);
        }
        resource.indexed = List.copyOf(resource.references);
    }

    private void unindex(Resource resource) {
        for (String target : resource.indexed) {
            Set<String> set = referrers.get(target);
            if (set != null) {
                set.remove(resource.key);
            }
        }
        resource.indexed = List.of();
    }

    private void add(Resource resource) {
        resources.put(resource.key, resource);
        byType.computeIfAbsent(resource.kind.typeKey(), k -> new LinkedHashMap<>()).put(resource.key, resource);
        if (resource.parent != null) {
            resource.parent.children.add(resource);
        }
    }

    private Collection<Resource> ofType(String typeKey) {
        Map<String, Resource> sameType = byType.get(typeKey);
        return sameType == null ? List.of() : sameType.values();
    }

    synchronized List<ObjectNode> list(String subscription, String resourceGroup, ResourcePath parent, String typeKey,
                                       boolean expand) {
        if (resourceGroup != null) {
            group(subscription, resourceGroup);
        }
        if (parent != null && resources.get(parent.key()) == null) {
            throw ArmException.notFound(kinds.get(parent.typeKey()).type(), parent.name(), parent.resourceGroup());
        }
        String prefix = resourceGroup == null ? ("/subscriptions/" + subscription + "/").toLowerCase(Locale.ROOT)
                : parent != null ? parent.key() + "/"
                : ("/subscriptions/" + subscription + "/resourcegroups/" + resourceGroup + "/").toLowerCase(Locale.ROOT);
        List<ObjectNode> list = new ArrayList<>();
        for (Resource resource : ofType(typeKey)) {
            if (resource.key.startsWith(prefix)) {
                list.add(render(resource, expand));
            }
        }
        return list;
    }

    /** The generic resource list ({@code /resources}): top-level tracked resources in ARM's short form. */
    synchronized List<ObjectNode> genericList(String subscription, String resourceGroup, Predicate<JsonNode> filter) {
        if (resourceGroup != null) {
            group(subscription, resourceGroup);
        }
        String prefix = ("/subscriptions/" + subscription + "/" + (resourceGroup == null ? "" : "resourcegroups/"
                + resourceGroup + "/")).toLowerCase(Locale.ROOT);
        List<ObjectNode> list = new ArrayList<>();
        for (Resource resource : resources.values()) {
            // ARM lists tracked child resources (VM extensions) too, named parent/child; subnets and rules are not.
            boolean tracked = resource.parent == null || resource.kind.type().endsWith("/extensions");
            if (tracked && resource.key.startsWith(prefix)) {
                ObjectNode item = Json.object();
                item.put("id", resource.id);
                item.put("name", resource.parent == null ? resource.name() : resource.parent.name() + "/" + resource.name());
                item.put("type", resource.kind.type());
                item.put("location", resource.location);
                if (resource.body.get("sku") != null) {
                    item.set("sku", resource.body.get("sku").deepCopy());
                }
                item.set("tags", resource.body.get("tags") == null ? Json.object() : resource.body.get("tags").deepCopy());
                if (filter.test(item)) {
                    list.add(item);
                }
            }
        }
        return list;
    }

    synchronized ObjectNode instanceView(ResourcePath path) {
        group(path.subscription(), path.resourceGroup());
        Resource vm = resources.get(path.key());
        if (vm == null) {
            throw ArmException.notFound("Microsoft.Compute/virtualMachines", path.name(), path.resourceGroup());
        }
        return kind(VirtualMachines.class).instanceView(this, vm);
    }

    Operation operation(String id) {
        synchronized (this) {
            return operations.get(id.toLowerCase(Locale.ROOT));
        }
    }

    // ---- VM power actions ---------------------------------------------------------------------------------------

    synchronized Operation vmAction(ResourcePath path, String action, String apiVersion) {
        writableGroup(path.subscription(), path.resourceGroup());
        Resource vm = resources.get(path.key());
        if (vm == null) {
            throw ArmException.notFound("Microsoft.Compute/virtualMachines", path.name(), path.resourceGroup());
        }
        if (vm.deleting() || !"Succeeded".equals(vm.state) && !"Failed".equals(vm.state)) {
            throw busy(vm, "another operation on it is in progress");
        }
        Operation operation = newOperation(path.subscription(), "Microsoft.Compute", vm.location, apiVersion, vm.key, false);
        stats.wrote(vm.id, false);
        switch (action) {
            case "start" -> {
                vm.powerState = "starting";
                later(settings.timing().vmProvisioning(), () -> powerOn(vm, operation));
            }
            case "restart" -> {
                List<Runnable> cleanup = new ArrayList<>();
                cleanup.add(() -> effects.removeVm(vm.key));
                vm.powerState = "starting";
                Thread.ofVirtual().start(() -> {
                    cleanup.forEach(Runnable::run);
                    powerOn(vm, operation);
                });
            }
            case "deallocate", "poweroff" -> {
                String target = action.equals("deallocate") ? "deallocated" : "stopped";
                vm.powerState = action.equals("deallocate") ? "deallocating" : "stopping";
                later(settings.timing().deletion(), () -> {
                    synchronized (this) {
                        vm.powerState = target;
                        operation.finish("Succeeded", null, now());
                    }
                    effects.removeVm(vm.key);
                });
            }
            default -> throw new IllegalArgumentException(action);
        }
        return operation;
    }

    private void powerOn(Resource vm, Operation operation) {
        List<Resource> extensions;
        synchronized (this) {
            vm.powerState = "running";
            operation.finish("Succeeded", null, now());
            extensions = children(vm).stream().filter(e -> "Succeeded".equals(e.state)).toList();
        }
        // The files the extensions wrote are still on the disk; the engine comes back with the VM.
        for (Resource extension : extensions) {
            Thread.ofVirtual().start(() -> reapply(extension));
        }
    }

    private void reapply(Resource extension) {
        ExtensionRun run;
        synchronized (this) {
            if (resources.get(extension.key) != extension) {
                return;
            }
            run = extensionRun(extension, extension.parent);
        }
        ExtensionOutcome outcome = effects.apply(run);
        synchronized (this) {
            extension.extensionStatus = extensionStatus(extension, outcome);
        }
    }

    // ---- out-of-band changes (drift) ----------------------------------------------------------------------------

    void outOfBandDelete(String id) {
        List<Runnable> cleanup = new ArrayList<>();
        synchronized (this) {
            Resource resource = find(id);
            if (resource == null) {
                throw new ArmException(404, "ResourceNotFound", "No resource " + id + ".");
            }
            forget(resource, cleanup);
        }
        cleanup.forEach(Runnable::run);
    }

    void outOfBandDeallocate(String id) {
        Resource vm;
        synchronized (this) {
            vm = find(id);
            if (vm == null || !(vm.kind instanceof VirtualMachines)) {
                throw new ArmException(404, "ResourceNotFound", "No virtual machine " + id + ".");
            }
            vm.powerState = "deallocated";
        }
        effects.removeVm(vm.key);
    }

    synchronized void outOfBandSetRule(String nsgId, JsonNode rule) {
        Resource nsg = find(nsgId);
        if (nsg == null || !(nsg.kind instanceof SecurityGroups)) {
            throw new ArmException(404, "ResourceNotFound", "No network security group " + nsgId + ".");
        }
        String name = Json.text(rule, "name");
        var stored = ResourceKind.properties(nsg.body).get("securityRules") instanceof tools.jackson.databind.node.ArrayNode a
                ? a : ResourceKind.properties(nsg.body).putArray("securityRules");
        for (int i = 0; i < stored.size(); i++) {
            if (String.valueOf(Json.text(stored.get(i), "name")).equalsIgnoreCase(name)) {
                if (rule.path("remove").asBoolean(false)) {
                    stored.remove(i);
                } else {
                    Json.mergePatch((ObjectNode) stored.get(i), rule);
                }
                nsg.touch();
                return;
            }
        }
        if (!rule.path("remove").asBoolean(false)) {
            stored.add(rule.deepCopy());
            nsg.touch();
        }
    }

    // ---- operations ---------------------------------------------------------------------------------------------

    private Operation newOperation(String subscription, String namespace, String location, String apiVersion,
                                   String resourceKey, boolean deletion) {
        Operation operation = new Operation(UUID.randomUUID().toString(), subscription, namespace, location, apiVersion,
                resourceKey, deletion, now());
        operations.put(operation.id, operation);
        return operation;
    }

    private void later(Duration delay, Runnable action) {
        timer.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                System.getLogger(Cloud.class.getName()).log(System.Logger.Level.WARNING, "simulated operation failed", e);
            }
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private synchronized void complete(Operation operation, Fault fault) {
        if (operation.done()) {
            return;
        }
        if (fault != null) {
            ArmError error = new ArmError(fault.code() == null ? "InternalOperationError" : fault.code(),
                    fault.message() == null ? "The operation failed (injected fault " + fault.id() + ")." : fault.message(), null);
            operation.finish("Failed", error, now());
            operation.targets.forEach(r -> {
                r.state = "Failed";
                r.failure = error;
            });
            return;
        }
        operation.finish("Succeeded", null, now());
        for (Resource resource : operation.targets) {
            if (resource.operation == operation) {
                resource.state = "Succeeded";
                resource.failure = null;
                if (resource.kind instanceof VirtualMachines && resource.powerState.equals("starting")) {
                    resource.powerState = "running";
                }
            }
        }
    }

    /** Applies an extension once its VM runs; the outcome becomes the extension's state and instance view. */
    void runExtension(Resource extension, Operation operation, Fault fault, boolean rerun) {
        ExtensionRun run = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (run == null) {
            synchronized (this) {
                if (operation.done()) {
                    return;
                }
                Resource vm = extension.parent;
                if (resources.get(vm.key) != vm || resources.get(extension.key) != extension) {
                    operation.finish("Canceled", new ArmError("OperationPreempted", "The virtual machine was deleted.", null), now());
                    return;
                }
                if ("Failed".equals(vm.state) || System.nanoTime() > deadline) {
                    fail(extension, operation, "VM '" + vm.name() + "' is in a failed state; the extension cannot be applied.");
                    return;
                }
                if (fault != null) {
                    operation.finish("Failed", new ArmError(fault.code() == null ? "VMExtensionProvisioningError" : fault.code(),
                            fault.message() == null ? "Injected extension failure." : fault.message(), null), now());
                    extension.state = "Failed";
                    return;
                }
                if ("Succeeded".equals(vm.state) && vm.powerState.equals("running")) {
                    if (!rerun) {
                        extension.state = "Succeeded";
                        operation.finish("Succeeded", null, now());
                        return;
                    }
                    run = extensionRun(extension, vm);
                }
            }
            if (run == null) {
                sleep(25);
            }
        }
        long started = System.nanoTime();
        ExtensionOutcome outcome;
        try {
            outcome = effects.apply(run);
        } catch (RuntimeException e) {
            outcome = new ExtensionOutcome(false, "Enable failed: " + e.getMessage(), "", "", null);
        }
        // The script may be far quicker than an install on a real VM; the operation still lasts the configured time.
        long remaining = settings.timing().extensionProvisioning().toNanos() - (System.nanoTime() - started);
        if (remaining > 0) {
            sleep(TimeUnit.NANOSECONDS.toMillis(remaining));
        }
        boolean orphaned;
        synchronized (this) {
            orphaned = resources.get(extension.key) != extension;
            if (!operation.done() && !orphaned) {
                extension.extensionStatus = extensionStatus(extension, outcome);
                if (outcome.succeeded()) {
                    extension.state = "Succeeded";
                    operation.finish("Succeeded", null, now());
                } else {
                    fail(extension, operation, outcome.message());
                }
            }
        }
        if (orphaned) {
            effects.remove(extension.key);
        }
    }

    private void fail(Resource extension, Operation operation, String message) {
        extension.state = "Failed";
        operation.finish("Failed", new ArmError("VMExtensionProvisioningError", "VM has reported a failure when processing "
                + "extension '" + extension.name() + "' (publisher '" + VmExtensions.publisher(extension) + "' and type '"
                + VmExtensions.extensionType(extension) + "'). Error message: '" + message + "'. More information on "
                + "troubleshooting is available at https://aka.ms/VMExtensionCSELinuxTroubleshoot.", null), now());
    }

    private ExtensionRun extensionRun(Resource extension, Resource vm) {
        Resource nic = kind(VirtualMachines.class).primaryNic(this, vm);
        String address = null;
        String fqdn = null;
        String privateIp = null;
        if (nic != null) {
            privateIp = nic.privateIp;
            Resource pip = find(kind(NetworkInterfaces.class).publicIpId(nic));
            if (pip != null) {
                address = pip.address;
                fqdn = kind(PublicIpAddresses.class).fqdn(pip);
            }
        }
        if (address == null) {
            if (vm.address == null) {
                vm.address = allocateAddress();
            }
            address = vm.address;
        }
        try {
            JsonNode properties = extension.body.path("properties");
            return new ExtensionRun(extension.key, vm.key, vm.name(), vm.guid, InetAddress.getByName(address), fqdn, privateIp,
                    VmExtensions.publisher(extension), VmExtensions.extensionType(extension),
                    Json.text(properties, "typeHandlerVersion"), properties.get("settings"),
                    extension.secrets == null ? null : extension.secrets.deepCopy());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode extensionStatus(Resource extension, ExtensionOutcome outcome) {
        ObjectNode view = Json.object();
        view.put("name", extension.name());
        view.put("type", VmExtensions.publisher(extension) + "." + VmExtensions.extensionType(extension));
        view.put("typeHandlerVersion", Json.text(extension.body, "properties", "typeHandlerVersion"));
        String result = outcome.succeeded() ? "succeeded" : "failed";
        ObjectNode status = view.putArray("statuses").addObject();
        status.put("code", "ProvisioningState/" + result + (outcome.succeeded() ? "" : "/1"));
        status.put("level", outcome.succeeded() ? "Info" : "Error");
        status.put("displayStatus", outcome.succeeded() ? "Provisioning succeeded" : "Provisioning failed");
        status.put("message", outcome.message());
        status.put("time", now().toString());
        var substatuses = view.putArray("substatuses");
        substatuses.addObject().put("code", "ComponentStatus/StdOut/" + result).put("level", "Info")
                .put("displayStatus", "Provisioning " + result).put("message", outcome.stdoutTail());
        substatuses.addObject().put("code", "ComponentStatus/StdErr/" + result).put("level", "Info")
                .put("displayStatus", "Provisioning " + result).put("message", outcome.stderrTail());
        return view;
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    synchronized List<ObjectNode> inventory() {
        List<ObjectNode> list = new ArrayList<>();
        for (ResourceGroup group : groups.values()) {
            ObjectNode item = Json.object();
            item.put("id", group.id());
            item.put("type", "Microsoft.Resources/resourceGroups");
            item.put("provisioningState", group.state);
            counters(item, group.id());
            list.add(item);
        }
        for (Resource resource : resources.values()) {
            ObjectNode item = Json.object();
            item.put("id", resource.id);
            item.put("type", resource.kind.type());
            item.put("provisioningState", resource.state);
            if (resource.kind instanceof VirtualMachines) {
                item.put("powerState", resource.powerState);
            }
            if (resource.address != null) {
                item.put("address", resource.address);
            }
            counters(item, resource.id);
            list.add(item);
        }
        return list;
    }

    private void counters(ObjectNode item, String id) {
        Stats.Counter counter = stats.counter(id);
        item.put("creates", counter == null ? 0 : counter.creates.get());
        item.put("writes", counter == null ? 0 : counter.writes.get());
    }

    void reset() {
        List<Runnable> cleanup = new ArrayList<>();
        synchronized (this) {
            for (Resource resource : List.copyOf(resources.values()).reversed()) {
                forget(resource, cleanup);
            }
            groups.clear();
            referrers.clear();
            operations.clear();
            stats.reset();
            addresses.reset();
        }
        cleanup.forEach(Runnable::run);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        effects.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
