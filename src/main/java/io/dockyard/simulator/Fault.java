package io.dockyard.simulator;

/**
 * A fault to inject into the simulated cloud. It matches requests by resource type (e.g.
 * {@code Microsoft.Compute/virtualMachines}, or {@code *}) and HTTP method (or {@code *}); it fires on a seeded
 * fraction of them ({@code rate}) or on exactly the {@code nth} matching call, at most {@code times} times. Firing
 * adds {@code latencyMs}, then either hangs the request until faults are cleared, answers with {@code status} and
 * ARM error {@code code}, or — with {@code target = "operation"} — accepts the request and lets its long-running
 * operation end Failed with that code, as Azure reports an allocation or provisioning failure.
 */
public record Fault(String id, String resourceType, String method, double rate, Integer nth, Integer times,
                    int status, String code, String message, long latencyMs, boolean hang, String target, long seed) {

    /** Every matching call answers with this status and ARM error code. */
    public static Fault error(String resourceType, String method, int status, String code) {
        return new Fault(null, resourceType, method, 1.0, null, null, status, code, null, 0, false, "request", 1);
    }

    /** Only the nth matching call (1-based) answers with this status and code. */
    public static Fault nth(String resourceType, String method, int nth, int status, String code) {
        return new Fault(null, resourceType, method, 0, nth, null, status, code, null, 0, false, "request", 1);
    }

    /** The request is accepted, but its long-running operation ends Failed with this code and message. */
    public static Fault failOperation(String resourceType, String method, String code, String message) {
        return new Fault(null, resourceType, method, 1.0, null, null, 0, code, message, 0, false, "operation", 1);
    }

    /** A seeded fraction of matching calls fail. */
    public static Fault rate(String resourceType, String method, double rate, long seed, int status, String code) {
        return new Fault(null, resourceType, method, rate, null, null, status, code, null, 0, false, "request", seed);
    }

    /** Matching calls take this much longer. */
    public static Fault latency(String resourceType, String method, long latencyMs) {
        return new Fault(null, resourceType, method, 1.0, null, null, 0, null, null, latencyMs, false, "request", 1);
    }

    /** Matching calls never answer (until faults are cleared). */
    public static Fault hang(String resourceType, String method) {
        return new Fault(null, resourceType, method, 1.0, null, null, 0, null, null, 0, true, "request", 1);
    }

    public Fault withId(String value) {
        return new Fault(value, resourceType, method, rate, nth, times, status, code, message, latencyMs, hang, target, seed);
    }

    public Fault withTimes(Integer value) {
        return new Fault(id, resourceType, method, rate, nth, value, status, code, message, latencyMs, hang, target, seed);
    }

    public Fault withMessage(String value) {
        return new Fault(id, resourceType, method, rate, nth, times, status, code, value, latencyMs, hang, target, seed);
    }

    public boolean failsOperation() {
        return "operation".equalsIgnoreCase(target);
    }

    public boolean failsRequest() {
        return !failsOperation() && !hang && status > 0;
    }
}
