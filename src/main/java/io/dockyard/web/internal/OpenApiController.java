package io.dockyard.web.internal;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the HTTP contract, {@code openapi.yaml} from the repository root, as it was built into the
 * jar; it is the same file the integration tests validate every response against.
 */
@RestController
class OpenApiController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    @GetMapping(path = "/openapi.yaml")
    ResponseEntity<Resource> contract() {
        return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache())
                .body(new ClassPathResource("openapi.yaml"));
    }
}
