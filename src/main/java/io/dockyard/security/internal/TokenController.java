package io.dockyard.security.internal;

import io.dockyard.security.ApiTokenView;
import io.dockyard.security.ApiTokens;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.IssuedApiToken;
import io.dockyard.security.NewApiToken;
import io.dockyard.web.ApiProblem;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Admin endpoints for API tokens. The secret is in the creation response and nowhere else.
 */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
class TokenController {

    private final ApiTokens tokens;
    private final TokenRequestReader reader;

    TokenController(ApiTokens tokens, TokenRequestReader reader) {
        this.tokens = tokens;
        this.reader = reader;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> create(@RequestBody JsonNode body, @AuthenticationPrincipal CallerPrincipal caller) {
        NewApiToken request = reader.read(body);
        IssuedApiToken issued = tokens.issue(request, caller.subject());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.token().id()))
                .body(TokenResponse.of(issued.token(), issued.secret()));
    }

    @GetMapping
    Map<String, List<TokenResponse>> list() {
        return Map.of("items", tokens.list().stream().map(t -> TokenResponse.of(t, null)).toList());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        tokens.revoke(id).orElseThrow(() -> ApiProblem.notFound("No API token with id " + id + "."));
        return ResponseEntity.noContent().build();
    }

    /** A token on the wire; {@code token} is only filled in the creation response. */
    record TokenResponse(UUID id, String token, String team, String role, String description, String prefix,
            java.time.Instant createdAt, String createdBy, java.time.Instant expiresAt, java.time.Instant revokedAt) {

        static TokenResponse of(ApiTokenView view, String secret) {
            return new TokenResponse(view.id(), secret, view.team(), view.role().wireName(), view.description(),
                    view.prefix(), view.createdAt(), view.createdBy(), view.expiresAt(), view.revokedAt());
        }
    }
}
