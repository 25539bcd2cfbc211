package io.dockyard.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The part of ARM's OData {@code $filter} that list calls use: {@code tagName eq 'k' and tagValue eq 'v'},
 * {@code resourceType eq 'Microsoft.Compute/virtualMachines'} and {@code name eq 'n'}, joined with {@code and}.
 */
final class ListFilter {

    private static final Pattern CLAUSE = Pattern.compile("^\\s*(\\w+)\\s+eq\\s+'((?:[^']|'')*)'\\s*$", Pattern.CASE_INSENSITIVE);

    private ListFilter() {
    }

    /** A predicate over rendered resources (id, name, type, tags); everything passes when the filter is absent. */
    static Predicate<JsonNode> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return node -> true;
        }
        String tagName = null;
        String tagValue = null;
        List<Predicate<JsonNode>> checks = new ArrayList<>();
        for (String clause : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new ArmException(400, "InvalidFilterInQueryString", "The $filter '" + filter
                        + "' is not supported. Use tagName/tagValue, resourceType or name with 'eq'.");
            }
            String field = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).replace("''", "'");
            switch (field) {
                case "tagname" -> tagName = value;
                case "tagvalue" -> tagValue = value;
                case "resourcetype" -> checks.add(node -> value.equalsIgnoreCase(Json.text(node, "type")));
                case "name" -> checks.add(node -> value.equalsIgnoreCase(Json.text(node, "name")));
                default -> throw new ArmException(400, "InvalidFilterInQueryString", "The $filter field '" + m.group(1)
                        + "' is not supported.");
            }
        }
        if (tagName != null) {
            String name = tagName;
            String wanted = tagValue;
            checks.add(node -> {
                JsonNode tags = node.get("tags");
                if (tags == null) {
                    return false;
                }
                for (var entry : tags.properties()) {
                    if (entry.getKey().equalsIgnoreCase(name)) {
                        return wanted == null || wanted.equals(entry.getValue().asString());
                    }
                }
                return false;
            });
        } else if (tagValue != null) {
            throw new ArmException(400, "InvalidFilterInQueryString", "A tagValue filter needs a tagName.");
        }
        return node -> checks.stream().allMatch(check -> check.test(node));
    }
}
