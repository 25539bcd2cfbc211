package io.dockyard.azure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that mark a resource as one host's: {@code dockyard-host-id}, {@code dockyard-team} and
 * {@code managed-by=dockyard}, plus the team's own tags. A resource with the expected name but without this host's
 * id is someone else's and is never adopted or changed.
 */
public record Ownership(String hostId, String team, Map<String, String> extraTags) {

    public static final String HOST_ID = "dockyard-host-id";
    public static final String TEAM = "dockyard-team";
    public static final String MANAGED_BY = "managed-by";
    public static final String DOCKYARD = "dockyard";

    public Ownership {
        extraTags = extraTags == null ? Map.of() : Map.copyOf(extraTags);
    }

    /** The team's tags first, ours last, so ours win a clash. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>(extraTags);
        tags.put(HOST_ID, hostId);
        tags.put(TEAM, team);
        tags.put(MANAGED_BY, DOCKYARD);
        return tags;
    }

    public boolean owns(Map<String, String> observed) {
        return observed != null && hostId.equals(observed.get(HOST_ID));
    }
}
