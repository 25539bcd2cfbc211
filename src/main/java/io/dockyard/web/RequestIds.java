package io.dockyard.web;

import java.util.Optional;
import org.slf4j.MDC;

/**
 * The id of the HTTP request being served on this thread (the {@code X-Request-Id} the response carries), for
 * records that must point back at the request that caused them. Empty outside a request, e.g. at startup.
 */
public final class RequestIds {

    /** The log-context key; the logging pattern prints it on every line of the request. */
    public static final String MDC_KEY = "requestId";

    private RequestIds() {
    }

    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }
}
