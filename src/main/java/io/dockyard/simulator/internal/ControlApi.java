package io.dockyard.simulator.internal;

import java.util.List;
import java.util.Locale;

import io.dockyard.simulator.Fault;
import io.dockyard.simulator.SimulatorProperties.Throttling;
import io.dockyard.simulator.internal.engine.EngineView;
import io.dockyard.simulator.internal.engine.ExtensionEffects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's own inspection and control endpoints under {@code /_simulator/}: what exists and how often it was
 * created and written, throttling figures, faults, out-of-band changes for drift tests, and reset. Nothing here
 * exists in Azure; it is how tests and on-call engineers look behind the curtain.
 */
final class ControlApi {

    /** Control bodies leave most fields out (a fault needs only what it changes), but a misspelt field is an error. */
    private static final tools.jackson.databind.json.JsonMapper BODIES = tools.jackson.databind.json.JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Cloud cloud;
    private final Throttle throttle;
    private final Faults faults;
    private final ExtensionEffects effects;

    ControlApi(Cloud cloud, Throttle throttle, Faults faults, ExtensionEffects effects) {
        this.cloud = cloud;
        this.throttle = throttle;
        this.faults = faults;
        this.effects = effects;
    }

    ArmResponse handle(ArmRequest request) {
        List<String> s = request.segments();
        String what = s.size() > 1 ? s.get(1).toLowerCase(Locale.ROOT) : "";
        String method = request.method();
        return switch (what) {
            case "resources" -> list(cloud.inventory());
            case "stats" -> ArmResponse.of(200, stats());
            case "engines" -> ArmResponse.of(200, engines());
            case "faults" -> switch (method) {
                case "GET" -> list(faults.list().stream().map(f -> (ObjectNode) Json.MAPPER.valueToTree(f)).toList());
                case "POST" -> ArmResponse.of(201, Json.MAPPER.valueToTree(faults.add(fault(request.json()))));
                case "DELETE" -> {
                    faults.clear();
                    yield ArmResponse.empty(204);
                }
                default -> throw notAllowed(request);
            };
            case "throttling" -> switch (method) {
                case "GET" -> ArmResponse.of(200, Json.MAPPER.valueToTree(throttle.settings()));
                case "PUT" -> {
                    throttle.configure(BODIES.treeToValue(request.json(), Throttling.class));
                    yield ArmResponse.of(200, Json.MAPPER.valueToTree(throttle.settings()));
                }
                default -> throw notAllowed(request);
            };
            case "out-of-band" -> outOfBand(request, s.size() > 2 ? s.get(2).toLowerCase(Locale.ROOT) : "");
            case "reset" -> {
                requirePost(request);
                faults.clear();
                throttle.reset();
                cloud.reset();
                yield ArmResponse.empty(204);
            }
            default -> throw new ArmException(404, "NotFound", "Unknown simulator control path " + request.path()
                    + ". Try /_simulator/resources, stats, engines, faults, throttling, out-of-band/{action} or reset.");
        };
    }

    private ArmResponse outOfBand(ArmRequest request, String action) {
        requirePost(request);
        JsonNode body = request.json();
        String id = Json.text(body, "id");
        if (id == null) {
            throw ArmException.badRequest("InvalidRequest", "Out-of-band changes need the resource's \"id\".");
        }
        switch (action) {
            case "delete", "delete-vm", "remove-extension" -> cloud.outOfBandDelete(id);
            case "deallocate-vm" -> cloud.outOfBandDeallocate(id);
            case "nsg-rule" -> {
                if (!(body.get("rule") instanceof ObjectNode rule) || Json.text(rule, "name") == null) {
                    throw ArmException.badRequest("InvalidRequest", "An nsg-rule change needs a \"rule\" with a \"name\".");
                }
                cloud.outOfBandSetRule(id, rule);
            }
            default -> throw new ArmException(404, "NotFound", "Unknown out-of-band action '" + action
                    + "'. Use delete, delete-vm, remove-extension, deallocate-vm or nsg-rule.");
        }
        return ArmResponse.empty(204);
    }

    static Fault fault(JsonNode body) {
        Fault fault = BODIES.treeToValue(body, Fault.class);
        if (fault.rate() <= 0 && fault.nth() == null) {
            fault = new Fault(fault.id(), fault.resourceType(), fault.method(), 1.0, null, fault.times(), fault.status(),
                    fault.code(), fault.message(), fault.latencyMs(), fault.hang(), fault.target(), fault.seed());
        }
        return fault;
    }

    ObjectNode stats() {
        ObjectNode out = Json.object();
        out.set("requests", Json.MAPPER.valueToTree(cloud.stats().requests()));
        out.put("throttled", throttle.throttled());
        out.put("earlyRetries", throttle.earlyRetries());
        out.put("faultsFired", faults.fired());
        ObjectNode resources = out.putObject("resources");
        cloud.stats().resources().values().forEach(counter -> resources.putObject(counter.id)
                .put("creates", counter.creates.get()).put("writes", counter.writes.get()));
        return out;
    }

    private ObjectNode engines() {
        ObjectNode out = Json.object();
        var value = out.putArray("value");
        for (EngineView engine : effects.engines()) {
            value.addObject().put("extensionId", engine.extensionKey()).put("mode", engine.mode().name().toLowerCase(Locale.ROOT))
                    .put("address", engine.address()).put("port", engine.port()).put("tls", engine.tls())
                    .put("state", engine.state()).put("message", engine.message());
        }
        return out;
    }

    private static ArmResponse list(List<ObjectNode> items) {
        ObjectNode out = Json.object();
        var value = out.putArray("value");
        items.forEach(value::add);
        return ArmResponse.of(200, out);
    }

    private static void requirePost(ArmRequest request) {
        if (!request.method().equals("POST")) {
            throw notAllowed(request);
        }
    }

    private static ArmException notAllowed(ArmRequest request) {
        return new ArmException(405, "MethodNotAllowed", request.method() + " is not supported at " + request.path() + ".");
    }
}
