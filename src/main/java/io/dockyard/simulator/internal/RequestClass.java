package io.dockyard.simulator.internal;

/** ARM meters reads, writes and deletes in separate buckets; every request falls in exactly one. */
enum RequestClass {
    READS, WRITES, DELETES;

    static RequestClass of(String method) {
        return switch (method) {
            case "GET", "HEAD" -> READS;
            case "DELETE" -> DELETES;
            default -> WRITES;
        };
    }

    String headerName() {
        return "x-ms-ratelimit-remaining-subscription-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
