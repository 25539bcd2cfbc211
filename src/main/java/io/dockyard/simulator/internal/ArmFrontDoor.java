package io.dockyard.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.dockyard.simulator.Fault;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every ARM request passes here in ARM's order: authentication (any bearer token will do; none is 401), routing,
 * the subscription's token bucket, injected faults, then the handler. Errors leave as ARM's error body; every
 * response carries the request ids and the remaining-requests header of its bucket.
 */
final class ArmFrontDoor implements HttpHandler {

    private final ArmRouter router;
    private final Throttle throttle;
    private final Faults faults;
    private final ControlApi control;
    private final Stats stats;
    private final String tenantId;

    ArmFrontDoor(ArmRouter router, Throttle throttle, Faults faults, ControlApi control, Stats stats, String tenantId) {
        this.router = router;
        this.throttle = throttle;
        this.faults = faults;
        this.control = control;
        this.stats = stats;
        this.tenantId = tenantId;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ArmRequest request = ArmRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
            ArmResponse response;
            try {
                response = request.segments().isEmpty() || !request.segments().getFirst().equals("_simulator")
                        ? arm(request) : control.handle(request);
            } catch (ArmException e) {
                response = error(e);
            } catch (tools.jackson.core.JacksonException e) {
                response = error(new ArmException(400, "InvalidRequestContent",
                        "The request content was invalid and could not be deserialized: " + e.getOriginalMessage()));
            } catch (RuntimeException e) {
                System.getLogger(ArmFrontDoor.class.getName()).log(System.Logger.Level.WARNING, "simulator request failed", e);
                response = error(new ArmException(500, "InternalServerError", "The simulator failed: " + e));
            }
            write(exchange, request, response);
        }
    }

    private ArmResponse arm(ArmRequest request) {
        stats.request(request.method());
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() < 8) {
            return error(new ArmException(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is "
                    + "missing or not a bearer token.").header("WWW-Authenticate", "Bearer authorization_uri=\""
                    + "https://login.microsoftonline.com/" + tenantId + "\", error=\"invalid_token\", "
                    + "error_description=\"The authentication failed because of missing 'Authorization' header.\""));
        }
        Route route = router.route(request);
        RequestClass kind = RequestClass.of(request.method());
        Throttle.Decision decision = route.subscription() == null ? null : throttle.take(route.subscription(), kind,
                request.method() + " " + request.path().toLowerCase(java.util.Locale.ROOT));
        ArmResponse response;
        if (decision != null && !decision.allowed()) {
            response = error(new ArmException(429, "SubscriptionRequestsThrottled", "Number of '" + kind.name()
                    .toLowerCase(java.util.Locale.ROOT).replaceAll("s$", "") + "' requests for subscription '"
                    + route.subscription() + "' exceeded. Please try again after '" + decision.retryAfterSeconds()
                    + "' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling")
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds())));
        } else {
            try {
                Fault operationFault = null;
                Faults.Hit hit = faults.match(route.resourceType(), request.method());
                if (hit != null) {
                    if (hit.rule().failsOperation()) {
                        operationFault = hit.rule();
                    } else {
                        faults.apply(hit);
                    }
                }
                response = route.handler().handle(request, operationFault);
            } catch (ArmException e) {
                response = error(e);
            }
        }
        if (decision != null) {
            response.header(kind.headerName(), String.valueOf(decision.remaining()));
        }
        return response;
    }

    static ArmResponse error(ArmException e) {
        ObjectNode body = Json.object();
        body.set("error", e.toError().toJson());
        ArmResponse response = ArmResponse.of(e.status(), body);
        e.headers().forEach(response::header);
        return response;
    }

    private static void write(HttpExchange exchange, ArmRequest request, ArmResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        String requestId = UUID.randomUUID().toString();
        headers.set("x-ms-request-id", requestId);
        String correlation = request.header("x-ms-correlation-request-id");
        headers.set("x-ms-correlation-request-id", correlation == null ? requestId : correlation);
        String clientRequestId = request.header("x-ms-client-request-id");
        if (clientRequestId != null) {
            headers.set("x-ms-client-request-id", clientRequestId);
        }
        headers.set("Cache-Control", "no-cache");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        boolean noBody = response.body() == null || request.method().equals("HEAD") || response.status() == 204;
        if (noBody) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = Json.bytes(response.body());
        headers.set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
