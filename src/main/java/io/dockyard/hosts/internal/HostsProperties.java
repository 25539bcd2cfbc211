package io.dockyard.hosts.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What teams may ask for and what they get when they do not say ({@code dockyard.hosts.*}). The
 * catalogue endpoint publishes exactly this, so the portal and the validator never disagree.
 *
 * @param locations Azure regions hosts may be placed in
 * @param vmSizes VM sizes teams may choose
 * @param images image aliases and the marketplace image each stands for
 * @param defaults values used when a spec leaves a field out
 * @param network source-range policy
 * @param eventRetention how long host events are kept
 * @param idempotencyTtl how long an Idempotency-Key replays its first answer
 * @param defaultPageSize list page size when {@code limit} is not given
 * @param maxPageSize the largest {@code limit} accepted
 * @param maxHostsPerTeam the most live (not deleting) hosts one team may have; a create beyond it is refused
 */
@ConfigurationProperties("dockyard.hosts")
public record HostsProperties(
        List<String> locations,
        List<String> vmSizes,
        Map<String, Image> images,
        @DefaultValue Defaults defaults,
        @DefaultValue Network network,
        @DefaultValue("P30D") Duration eventRetention,
        @DefaultValue("PT24H") Duration idempotencyTtl,
        @DefaultValue("50") int defaultPageSize,
        @DefaultValue("200") int maxPageSize,
        @DefaultValue("200") int maxHostsPerTeam) {

    public HostsProperties {
        if (maxHostsPerTeam < 1) {
            throw new IllegalArgumentException("dockyard.hosts.max-hosts-per-team must be at least 1: " + maxHostsPerTeam);
        }
        locations = locations == null ? List.of() : List.copyOf(locations);
        vmSizes = vmSizes == null ? List.of() : List.copyOf(vmSizes);
        images = images == null ? Map.of() : Map.copyOf(images);
    }

    /** A marketplace image reference. */
    public record Image(String publisher, String offer, String sku, @DefaultValue("latest") String version) {
    }

    /** Defaults for fields a spec may leave out. */
    public record Defaults(
            @DefaultValue("Standard_B2s") String vmSize,
            @DefaultValue("ubuntu-24.04") String image,
            @DefaultValue("64") int osDiskSizeGb,
            @DefaultValue("azureuser") String adminUsername,
            @DefaultValue("2376") int dockerPort) {
    }

    /**
     * Source-range policy.
     *
     * @param suggestedSourceRanges ranges the portal offers first (e.g. the corporate egress)
     * @param permittedSourceRanges when not empty, every requested range must lie inside one of these
     * @param allowAnySource whether {@code 0.0.0.0/0} and {@code ::/0} are accepted at all
     */
    public record Network(List<String> suggestedSourceRanges, List<String> permittedSourceRanges,
            @DefaultValue("false") boolean allowAnySource) {

        public Network {
            suggestedSourceRanges = suggestedSourceRanges == null ? List.of() : List.copyOf(suggestedSourceRanges);
            permittedSourceRanges = permittedSourceRanges == null ? List.of() : List.copyOf(permittedSourceRanges);
        }
    }
}
