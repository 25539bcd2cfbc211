package io.dockyard.simulator.internal;

import io.dockyard.simulator.Fault;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.node.ObjectNode;

/**
 * Maps ARM URLs to the cloud: subscriptions and locations, resource groups, provider resources with their children
 * and actions, list calls with {@code nextLink} paging, and the operation URLs the SDK's poller follows. Path
 * segments compare without regard to case, as ARM's do ({@code /resourcegroups/} and {@code /resourceGroups/}).
 */
final class ArmRouter {

    private final Cloud cloud;
    private final String subscriptionId;
    private final String tenantId;

    ArmRouter(Cloud cloud, String subscriptionId, String tenantId) {
        this.cloud = cloud;
        this.subscriptionId = subscriptionId;
        this.tenantId = tenantId;
    }

    Route route(ArmRequest request) {
        List<String> s = request.segments();
        if (s.isEmpty() || !is(s, 0, "subscriptions")) {
            throw noRoute(request);
        }
        if (s.size() == 1) {
            return get(request, null, "Microsoft.Resources/subscriptions", this::listSubscriptions);
        }
        String subscription = s.get(1);
        checkSubscription(subscription);
        if (s.size() == 2) {
            return get(request, subscription, "Microsoft.Resources/subscriptions", (r, f) -> {
                ApiVersions.check("subscriptions", null, r.apiVersion(), null);
                return ArmResponse.of(200, subscriptionJson());
            });
        }
        String area = s.get(2).toLowerCase(Locale.ROOT);
        return switch (area) {
            case "locations" -> exact(request, s, 3, get(request, subscription, "Microsoft.Resources/locations", (r, f) -> {
                ApiVersions.check("subscriptions", null, r.apiVersion(), null);
                ObjectNode out = Json.object();
                out.set("value", cloud.regions().render(subscription));
                return ArmResponse.of(200, out);
            }));
            case "operationresults" -> exact(request, s, 4, get(request, subscription, "Microsoft.Resources/operationResults",
                    (r, f) -> operationResult(r, s.get(3))));
            case "resources" -> exact(request, s, 3, get(request, subscription, "Microsoft.Resources/resources", (r, f) -> {
                ApiVersions.check("Microsoft.Resources", null, r.apiVersion(), null);
                return page(r, cloud.genericList(subscription, null, ListFilter.parse(r.query("$filter"))));
            }));
            case "resourcegroups" -> groups(request, s, subscription);
            case "providers" -> providers(request, s, subscription);
            default -> throw noRoute(request);
        };
    }

    // ---- resource groups and what lies in them ------------------------------------------------------------------

    private Route groups(ArmRequest request, List<String> s, String subscription) {
        String type = "Microsoft.Resources/resourceGroups";
        if (s.size() == 3) {
            return get(request, subscription, type, (r, f) -> {
                ApiVersions.check("Microsoft.Resources", null, r.apiVersion(), null);
                var filter = ListFilter.parse(r.query("$filter"));
                List<ObjectNode> list = cloud.groups(subscription).stream().map(ResourceGroup::render)
                        .filter(filter::test).map(ObjectNode.class::cast).toList();
                return page(r, list);
            });
        }
        String group = s.get(3);
        if (s.size() == 4) {
            return new Route(subscription, type, (r, f) -> {
                ApiVersions.check("Microsoft.Resources", null, r.apiVersion(), null);
                return switch (r.method()) {
                    case "PUT" -> {
                        Cloud.GroupResult result = cloud.putGroup(subscription, group, r.json());
                        yield ArmResponse.of(result.created() ? 201 : 200, result.group().render());
                    }
                    case "GET" -> ArmResponse.of(200, cloud.group(subscription, group).render());
                    case "HEAD" -> {
                        try {
                            cloud.group(subscription, group);
                            yield ArmResponse.empty(204);
                        } catch (ArmException e) {
                            yield ArmResponse.empty(404);
                        }
                    }
                    case "PATCH" -> {
                        ResourceGroup existing = cloud.group(subscription, group);
                        ObjectNode merged = existing.render();
                        Json.mergePatch(merged, r.json());
                        yield ArmResponse.of(200, cloud.putGroup(subscription, group, merged).group().render());
                    }
                    case "DELETE" -> accepted(r, cloud.deleteGroup(subscription, group, r.apiVersion()));
                    default -> throw methodNotAllowed(r);
                };
            });
        }
        if (s.size() == 5 && is(s, 4, "resources")) {
            return get(request, subscription, "Microsoft.Resources/resources", (r, f) -> {
                ApiVersions.check("Microsoft.Resources", null, r.apiVersion(), null);
                return page(r, cloud.genericList(subscription, group, ListFilter.parse(r.query("$filter"))));
            });
        }
        if (s.size() < 7 || !is(s, 4, "providers")) {
            throw noRoute(request);
        }
        String namespace = s.get(5);
        List<String> rest = s.subList(6, s.size());
        java.util.ArrayList<String> types = new java.util.ArrayList<>();
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            (i % 2 == 0 ? types : names).add(rest.get(i));
        }
        if (types.size() == names.size()) {
            ResourcePath path = new ResourcePath(subscription, group, namespace, List.copyOf(types), List.copyOf(names));
            ResourceKind kind = known(request, path.typeKey(), namespace);
            return new Route(subscription, kind.type(), (r, f) -> resource(r, path, kind, f));
        }
        // An odd count: a list of a (child) type, or an action on a VM.
        String fullType = namespace + "/" + String.join("/", types);
        ResourceKind listed = cloud.kindFor(fullType.toLowerCase(Locale.ROOT));
        ResourcePath parent = names.isEmpty() ? null : new ResourcePath(subscription, group, namespace,
                List.copyOf(types.subList(0, names.size())), List.copyOf(names));
        if (listed != null) {
            return get(request, subscription, listed.type(), (r, f) -> {
                ApiVersions.check(namespace, listed.type(), r.apiVersion(), null);
                return page(r, cloud.list(subscription, group, parent, listed.typeKey(), expand(r)));
            });
        }
        if (parent != null && parent.typeKey().equals("microsoft.compute/virtualmachines")) {
            return vmAction(request, subscription, parent, types.getLast().toLowerCase(Locale.ROOT));
        }
        throw unknownType(fullType, namespace);
    }

    private ArmResponse resource(ArmRequest r, ResourcePath path, ResourceKind kind, Fault operationFault) {
        ApiVersions.check(kind.namespace(), kind.type(), r.apiVersion(), null);
        return switch (r.method()) {
            case "PUT", "PATCH" -> {
                Cloud.PutResult result = cloud.put(path, r.json(), r.method().equals("PATCH"), r.apiVersion(), operationFault);
                ArmResponse response = ArmResponse.of(result.created() ? 201 : 200, result.body());
                yield withOperation(r, response, result.operation(), false);
            }
            case "GET" -> ArmResponse.of(200, cloud.get(path, expand(r)));
            case "HEAD" -> {
                try {
                    cloud.get(path, false);
                    yield ArmResponse.empty(204);
                } catch (ArmException e) {
                    yield ArmResponse.empty(404);
                }
            }
            case "DELETE" -> {
                Operation operation = cloud.delete(path, r.apiVersion(), operationFault);
                yield operation == null ? ArmResponse.empty(204) : accepted(r, operation);
            }
            default -> throw methodNotAllowed(r);
        };
    }

    private Route vmAction(ArmRequest request, String subscription, ResourcePath vm, String action) {
        String type = "Microsoft.Compute/virtualMachines";
        return switch (action) {
            case "instanceview" -> get(request, subscription, type, (r, f) -> {
                ApiVersions.check("Microsoft.Compute", type, r.apiVersion(), null);
                return ArmResponse.of(200, cloud.instanceView(vm));
            });
            case "vmsizes" -> get(request, subscription, type, (r, f) -> {
                ApiVersions.check("Microsoft.Compute", type, r.apiVersion(), null);
                cloud.get(vm, false);
                return ArmResponse.of(200, VmSizes.render());
            });
            case "start", "restart", "deallocate", "poweroff" -> new Route(subscription, type, (r, f) -> {
                if (!r.method().equals("POST")) {
                    throw methodNotAllowed(r);
                }
                ApiVersions.check("Microsoft.Compute", type, r.apiVersion(), null);
                return accepted(r, cloud.vmAction(vm, action, r.apiVersion()));
            });
            default -> throw noRoute(request);
        };
    }

    // ---- subscription-level provider URLs -----------------------------------------------------------------------

    private Route providers(ArmRequest request, List<String> s, String subscription) {
        if (s.size() == 3) {
            return get(request, subscription, "Microsoft.Resources/providers", (r, f) -> {
                ObjectNode out = Json.object();
                var value = out.putArray("value");
                for (String ns : List.of("Microsoft.Compute", "Microsoft.Network", "Microsoft.Resources")) {
                    value.add(provider(subscription, ns));
                }
                return ArmResponse.of(200, out);
            });
        }
        String namespace = s.get(3);
        if (s.size() == 4) {
            return get(request, subscription, "Microsoft.Resources/providers",
                    (r, f) -> ArmResponse.of(200, provider(subscription, namespace)));
        }
        if (s.size() == 5 && is(s, 4, "register")) {
            return new Route(subscription, "Microsoft.Resources/providers",
                    (r, f) -> ArmResponse.of(200, provider(subscription, namespace)));
        }
        if (s.size() == 5) {
            ResourceKind kind = known(request, (namespace + "/" + s.get(4)).toLowerCase(Locale.ROOT), namespace);
            return get(request, subscription, kind.type(), (r, f) -> {
                ApiVersions.check(namespace, kind.type(), r.apiVersion(), null);
                boolean status = "true".equalsIgnoreCase(r.query("statusOnly"));
                return page(r, cloud.list(subscription, null, null, kind.typeKey(), expand(r) || status));
            });
        }
        if (s.size() >= 7 && is(s, 4, "locations")) {
            String location = s.get(5);
            String what = s.get(6).toLowerCase(Locale.ROOT);
            if (s.size() == 8 && what.equals("operations")) {
                return get(request, subscription, namespace + "/locations/operations", (r, f) -> operationStatus(s.get(7)));
            }
            if (s.size() == 8 && what.equals("operationresults")) {
                return get(request, subscription, namespace + "/locations/operationResults", (r, f) -> operationResult(r, s.get(7)));
            }
            if (s.size() == 7 && what.equals("vmsizes") && namespace.equalsIgnoreCase("Microsoft.Compute")) {
                return get(request, subscription, "Microsoft.Compute/locations/vmSizes", (r, f) -> {
                    ApiVersions.check(namespace, "locations/vmSizes", r.apiVersion(), location);
                    if (cloud.regions().resolve(location) == null) {
                        throw new ArmException(404, "NoRegisteredProviderFound", "No registered resource provider found "
                                + "for location '" + location + "'.");
                    }
                    return ArmResponse.of(200, VmSizes.render());
                });
            }
        }
        throw noRoute(request);
    }

    private ObjectNode provider(String subscription, String namespace) {
        ObjectNode out = Json.object();
        out.put("id", "/subscriptions/" + subscription + "/providers/" + namespace);
        out.put("namespace", namespace);
        out.put("registrationState", "Registered");
        out.put("registrationPolicy", "RegistrationRequired");
        var types = out.putArray("resourceTypes");
        for (String typeKey : List.of("microsoft.network/virtualnetworks", "microsoft.network/networksecuritygroups",
                "microsoft.network/publicipaddresses", "microsoft.network/networkinterfaces",
                "microsoft.compute/virtualmachines", "microsoft.compute/virtualmachines/extensions")) {
            ResourceKind kind = cloud.kindFor(typeKey);
            if (kind.namespace().equalsIgnoreCase(namespace)) {
                var type = types.addObject();
                type.put("resourceType", kind.type().substring(kind.namespace().length() + 1));
                var locations = type.putArray("locations");
                cloud.regions().names().forEach(name -> locations.add(cloud.regions().displayName(name)));
            }
        }
        return out;
    }

    // ---- operations ---------------------------------------------------------------------------------------------

    private ArmResponse operationStatus(String id) {
        Operation operation = cloud.operation(id);
        if (operation == null) {
            throw new ArmException(404, "ResourceNotFound", "The operation '" + id + "' was not found.");
        }
        ArmResponse response = ArmResponse.of(200, operation.render());
        if (!operation.done()) {
            response.header("Retry-After", retryAfter());
        }
        return response;
    }

    private ArmResponse operationResult(ArmRequest request, String id) {
        Operation operation = cloud.operation(id);
        if (operation == null) {
            throw new ArmException(404, "ResourceNotFound", "The operation '" + id + "' was not found.");
        }
        if (!operation.done()) {
            return ArmResponse.empty(202).header("Location", base(request) + operation.resultPath() + "?api-version="
                    + operation.apiVersion).header("Retry-After", retryAfter());
        }
        if (operation.status().equals("Succeeded")) {
            return ArmResponse.empty(operation.deletion ? 204 : 200);
        }
        ArmError error = operation.error();
        ObjectNode body = Json.object();
        body.set("error", (error == null ? new ArmError("OperationFailed", "The operation failed.", null) : error).toJson());
        return ArmResponse.of(error != null && error.code().equals("OperationPreempted") ? 409 : 500, body);
    }

    private ArmResponse withOperation(ArmRequest request, ArmResponse response, Operation operation, boolean location) {
        String query = "?api-version=" + operation.apiVersion;
        response.header("Azure-AsyncOperation", base(request) + operation.statusPath() + query);
        if (location) {
            response.header("Location", base(request) + operation.resultPath() + query);
        }
        return response.header("Retry-After", retryAfter());
    }

    private ArmResponse accepted(ArmRequest request, Operation operation) {
        return withOperation(request, ArmResponse.empty(202), operation, true);
    }

    private String retryAfter() {
        return String.valueOf(Math.max(0, cloud.settings().timing().retryAfterSeconds()));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ArmResponse listSubscriptions(ArmRequest request, Fault fault) {
        ApiVersions.check("subscriptions", null, request.apiVersion(), null);
        ObjectNode out = Json.object();
        out.putArray("value").add(subscriptionJson());
        return ArmResponse.of(200, out);
    }

    private ObjectNode subscriptionJson() {
        ObjectNode out = Json.object();
        out.put("id", "/subscriptions/" + subscriptionId);
        out.put("subscriptionId", subscriptionId);
        out.put("tenantId", tenantId);
        out.put("displayName", "Dockyard simulated subscription");
        out.put("state", "Enabled");
        var policies = out.putObject("subscriptionPolicies");
        policies.put("locationPlacementId", "Public_2014-09-01");
        policies.put("quotaId", "PayAsYouGo_2014-09-01");
        policies.put("spendingLimit", "Off");
        out.put("authorizationSource", "RoleBased");
        return out;
    }

    private void checkSubscription(String subscription) {
        if (!subscription.equalsIgnoreCase(subscriptionId)) {
            throw new ArmException(404, "SubscriptionNotFound", "The subscription '" + subscription + "' could not be found.");
        }
    }

    private ArmResponse page(ArmRequest request, List<ObjectNode> all) {
        int size = cloud.settings().timing().pageSize();
        String top = request.query("$top");
        int limit = all.size();
        if (top != null) {
            try {
                limit = Math.min(limit, Integer.parseInt(top));
            } catch (NumberFormatException e) {
                throw new ArmException(400, "InvalidTopInQueryString", "The $top '" + top + "' is not a valid integer.");
            }
        }
        int from = 0;
        String token = request.query("$skiptoken");
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new ArmException(400, "InvalidSkipToken", "The $skiptoken '" + token + "' is not valid.");
            }
        }
        int to = Math.min(limit, from + size);
        ObjectNode out = Json.object();
        var value = out.putArray("value");
        for (int i = Math.max(0, from); i < to; i++) {
            value.add(all.get(i));
        }
        if (to < limit) {
            StringBuilder next = new StringBuilder(base(request)).append(request.path()).append("?api-version=")
                    .append(request.apiVersion()).append("&%24skiptoken=").append(to);
            for (String key : List.of("$filter", "$top", "$expand", "statusOnly")) {
                if (request.query(key) != null) {
                    next.append('&').append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(request.query(key), StandardCharsets.UTF_8).replace("+", "%20"));
                }
            }
            out.put("nextLink", next.toString());
        }
        return ArmResponse.of(200, out);
    }

    private static boolean expand(ArmRequest request) {
        String expand = request.query("$expand");
        return expand != null && expand.toLowerCase(Locale.ROOT).contains("instanceview");
    }

    static String base(ArmRequest request) {
        String host = request.header("Host");
        return "https://" + (host == null ? "localhost" : host);
    }

    private ResourceKind known(ArmRequest request, String typeKey, String namespace) {
        ResourceKind kind = cloud.kindFor(typeKey);
        if (kind == null) {
            throw unknownType(typeKey, namespace);
        }
        return kind;
    }

    private static ArmException unknownType(String type, String namespace) {
        return new ArmException(400, "InvalidResourceType", "The resource type '" + type
                + "' could not be found in the namespace '" + namespace + "' of the simulated cloud.");
    }

    private static Route get(ArmRequest request, String subscription, String type, Route.Handler handler) {
        return new Route(subscription, type, (r, f) -> {
            if (!r.isRead()) {
                throw methodNotAllowed(r);
            }
            return handler.handle(r, f);
        });
    }

    private static Route exact(ArmRequest request, List<String> segments, int size, Route route) {
        if (segments.size() != size) {
            throw noRoute(request);
        }
        return route;
    }

    private static boolean is(List<String> segments, int index, String value) {
        return segments.size() > index && segments.get(index).equalsIgnoreCase(value);
    }

    private static ArmException noRoute(ArmRequest request) {
        return new ArmException(404, "NotFound", "The requested path '" + request.path()
                + "' does not name anything the simulated Azure Resource Manager serves.");
    }

    private static ArmException methodNotAllowed(ArmRequest request) {
        return new ArmException(405, "MethodNotAllowed", "The HTTP method '" + request.method()
                + "' is not supported at '" + request.path() + "'.");
    }
}
