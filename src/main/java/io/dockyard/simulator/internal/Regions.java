package io.dockyard.simulator.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The regions the simulated subscription can deploy to. ARM accepts a region by name ({@code eastus}) or display
 * name ({@code East US}) and always answers with the name.
 */
final class Regions {

    private static final Map<String, String[]> KNOWN = Map.ofEntries(
            Map.entry("eastus", new String[] {"East US", "US", "United States", "westus"}),
            Map.entry("eastus2", new String[] {"East US 2", "US", "United States", "centralus"}),
            Map.entry("westus", new String[] {"West US", "US", "United States", "eastus"}),
            Map.entry("westus2", new String[] {"West US 2", "US", "United States", "westcentralus"}),
            Map.entry("westus3", new String[] {"West US 3", "US", "United States", "eastus"}),
            Map.entry("centralus", new String[] {"Central US", "US", "United States", "eastus2"}),
            Map.entry("northeurope", new String[] {"North Europe", "Europe", "Europe", "westeurope"}),
            Map.entry("westeurope", new String[] {"West Europe", "Europe", "Europe", "northeurope"}),
            Map.entry("uksouth", new String[] {"UK South", "Europe", "United Kingdom", "ukwest"}),
            Map.entry("swedencentral", new String[] {"Sweden Central", "Europe", "Sweden", "swedensouth"}),
            Map.entry("germanywestcentral", new String[] {"Germany West Central", "Europe", "Germany", "germanynorth"}),
            Map.entry("francecentral", new String[] {"France Central", "Europe", "France", "francesouth"}),
            Map.entry("japaneast", new String[] {"Japan East", "Asia Pacific", "Japan", "japanwest"}),
            Map.entry("australiaeast", new String[] {"Australia East", "Asia Pacific", "Australia", "australiasoutheast"}),
            Map.entry("southeastasia", new String[] {"Southeast Asia", "Asia Pacific", "Asia Pacific", "eastasia"}));

    private final List<String> names;

    Regions(List<String> configured) {
        this.names = configured.stream().map(Regions::normalize).toList();
    }

    static String normalize(String location) {
        return location == null ? null : location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** The region's name, or null when this cloud does not have it. */
    String resolve(String location) {
        String name = normalize(location);
        return name != null && names.contains(name) ? name : null;
    }

    List<String> names() {
        return names;
    }

    /** The region Azure pairs with this one for replication, or null when the simulator does not know it. */
    String pairedRegion(String name) {
        String[] facts = KNOWN.get(name);
        return facts == null ? null : facts[3];
    }

    String displayName(String name) {
        String[] facts = KNOWN.get(name);
        return facts == null ? name : facts[0];
    }

    tools.jackson.databind.node.ArrayNode render(String subscription) {
        var list = Json.array();
        for (String name : names) {
            String[] facts = KNOWN.getOrDefault(name, new String[] {name, "Other", "Other", null});
            var region = list.addObject();
            region.put("id", "/subscriptions/" + subscription + "/locations/" + name);
            region.put("name", name);
            region.put("type", "Region");
            region.put("displayName", facts[0]);
            region.put("regionalDisplayName", "(" + facts[1] + ") " + facts[0]);
            var metadata = region.putObject("metadata");
            metadata.put("regionType", "Physical");
            metadata.put("regionCategory", "Recommended");
            metadata.put("geography", facts[2]);
            metadata.put("geographyGroup", facts[1]);
            if (facts[3] != null) {
                metadata.putArray("pairedRegion").addObject().put("name", facts[3])
                        .put("id", "/subscriptions/" + subscription + "/locations/" + facts[3]);
            }
            var zones = region.putArray("availabilityZoneMappings");
            for (int zone = 1; zone <= 3; zone++) {
                zones.addObject().put("logicalZone", String.valueOf(zone)).put("physicalZone", name + "-az" + zone);
            }
        }
        return list;
    }
}
