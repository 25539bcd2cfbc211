package io.dockyard.hosts.internal;

import io.dockyard.security.CallerPrincipal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * HTTP for {@code /api/v1/hosts}: headers in, {@link HostService} call, representation out.
 */
@RestController
@RequestMapping(path = "/api/v1/hosts", produces = MediaType.APPLICATION_JSON_VALUE)
class HostController {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final HostService service;

    HostController(HostService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(@RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @AuthenticationPrincipal CallerPrincipal caller) {
        HostService.Created created = service.create(body, caller, IdempotencyKeyHeader.check(idempotencyKey));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(created.status())
                .location(URI.create(created.location()))
                .eTag(created.etag())
                .contentType(MediaType.APPLICATION_JSON);
        if (created.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(created.body());
    }

    @GetMapping
    PageResponse<HostResponse> list(@AuthenticationPrincipal CallerPrincipal caller,
            @RequestParam(required = false) String team, @RequestParam(required = false) String phase,
            @RequestParam(required = false) String location, @RequestParam(required = false) String name,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        HostService.Page page = service.list(caller, team, phase, location, name, limit, cursor);
        return new PageResponse<>(page.items().stream().map(HostResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    ResponseEntity<HostResponse> get(@PathVariable UUID id, @AuthenticationPrincipal CallerPrincipal caller) {
        HostRow row = service.get(id, caller);
        return ResponseEntity.ok().eTag(row.etag()).body(HostResponse.of(row));
    }

    @PatchMapping(path = "/{id}", consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<HostResponse> patch(@PathVariable UUID id, @RequestBody JsonNode patch,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CallerPrincipal caller) {
        HostRow row = service.patch(id, patch, ifMatch, caller);
        return ResponseEntity.ok().eTag(row.etag()).body(HostResponse.of(row));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<HostResponse> delete(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean force,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CallerPrincipal caller) {
        return service.delete(id, force, ifMatch, caller).host()
                .map(row -> ResponseEntity.status(HttpStatus.ACCEPTED).eTag(row.etag()).body(HostResponse.of(row)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    /** Shell exports for the docker CLI, like {@code docker-machine env}; {@code eval} them. */
    @GetMapping(path = "/{id}/docker-env", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> dockerEnv(@PathVariable UUID id, @AuthenticationPrincipal CallerPrincipal caller) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(DockerEnv.render(service.get(id, caller)));
    }

    @PostMapping("/{id}/reconcile")
    ResponseEntity<HostResponse> reconcile(@PathVariable UUID id, @AuthenticationPrincipal CallerPrincipal caller) {
        HostRow row = service.reconcileNow(id, caller);
        return ResponseEntity.status(HttpStatus.ACCEPTED).eTag(row.etag()).body(HostResponse.of(row));
    }

    @GetMapping("/{id}/events")
    PageResponse<Map<String, Object>> events(@PathVariable UUID id, @AuthenticationPrincipal CallerPrincipal caller,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        HostService.EventPage page = service.events(id, caller, limit, cursor);
        return new PageResponse<>(page.items().stream().map(HostController::event).toList(), page.nextCursor());
    }

    private static Map<String, Object> event(HostEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", e.at());
        out.put("type", e.type().name());
        out.put("reason", e.reason());
        out.put("message", e.message());
        out.put("generation", e.generation());
        return out;
    }
}
