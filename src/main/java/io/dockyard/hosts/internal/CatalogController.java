package io.dockyard.hosts.internal;

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
    Catalog catalog() {
        HostsProperties.Defaults d = properties.defaults();
        HostsProperties.Network n = properties.network();
        return new Catalog(properties.locations(), properties.vmSizes(),
                properties.images().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new ImageEntry(e.getKey(), e.getValue().publisher(), e.getValue().offer(),
                                e.getValue().sku(), e.getValue().version()))
                        .toList(),
                new DefaultsEntry(d.vmSize(), d.image(), d.osDiskSizeGb(), d.adminUsername(), d.dockerPort(), false),
                new NetworkEntry(n.suggestedSourceRanges(), n.permittedSourceRanges(), n.allowAnySource()),
                new Limits(new Range(SpecReader.MIN_DISK_GB, SpecReader.MAX_DISK_GB), SpecReader.MAX_SSH_KEYS,
                        SpecReader.MAX_SOURCE_RANGES, SpecReader.MAX_USER_TAGS, SpecReader.MAX_REGISTRY_LOGINS,
                        SpecReader.MAX_ENVIRONMENT, properties.maxPageSize()));
    }

    record Catalog(List<String> locations, List<String> vmSizes, List<ImageEntry> images, DefaultsEntry defaults,
            NetworkEntry network, Limits limits) {
    }

    record ImageEntry(String alias, String publisher, String offer, String sku, String version) {
    }

    record DefaultsEntry(String vmSize, String image, int osDiskSizeGb, String adminUsername, int dockerPort,
            boolean sshAccess) {
    }

    record NetworkEntry(List<String> suggestedSourceRanges, List<String> permittedSourceRanges,
            boolean anySourceAllowed) {
    }

    record Range(int min, int max) {
    }

    record Limits(Range osDiskSizeGb, int sshPublicKeys, int allowedSourceRanges, int tags, int registryLogins,
            int environment, int pageSize) {
    }
}
