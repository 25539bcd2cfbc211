package io.dockyard.hosts.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/catalog}: what may be asked for and what is assumed when a field is left
 * out, straight from the same configuration the validator uses.
 */
@RestController
class CatalogController {

    private final HostsProperties properties;

    CatalogController(HostsProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/api/v1/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> catalog() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("locations", properties.locations());
        body.put("vmSizes", properties.vmSizes());
        body.put("images", properties.images().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.of("alias", e.getKey(), "publisher", e.getValue().publisher(),
                        "offer", e.getValue().offer(), "sku", e.getValue().sku(), "version", e.getValue().version()))
                .toList());
        HostsProperties.Defaults d = properties.defaults();
        body.put("defaults", Map.of("vmSize", d.vmSize(), "image", d.image(), "osDiskSizeGb", d.osDiskSizeGb(),
                "adminUsername", d.adminUsername(), "dockerPort", d.dockerPort(), "sshAccess", false));
        body.put("network", Map.of(
                "suggestedSourceRanges", properties.network().suggestedSourceRanges(),
                "permittedSourceRanges", properties.network().permittedSourceRanges(),
                "anySourceAllowed", properties.network().allowAnySource()));
        body.put("limits", Map.of(
                "osDiskSizeGb", Map.of("min", SpecReader.MIN_DISK_GB, "max", SpecReader.MAX_DISK_GB),
                "sshPublicKeys", SpecReader.MAX_SSH_KEYS,
                "allowedSourceRanges", SpecReader.MAX_SOURCE_RANGES,
                "tags", SpecReader.MAX_USER_TAGS,
                "registryLogins", SpecReader.MAX_REGISTRY_LOGINS,
                "environment", SpecReader.MAX_ENVIRONMENT,
                "pageSize", properties.maxPageSize()));
        return body;
    }
}
