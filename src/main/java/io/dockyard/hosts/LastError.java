package io.dockyard.hosts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The failure that ended the last pass, so that a team sees Azure's own words and whether waiting will help.
 * {@code transient} is a Java keyword, hence the component name {@code isTransient}; the JSON member is
 * {@code transient} as openapi.yaml says.
 *
 * @param code Azure's error code (e.g. {@code SkuNotAvailable}) or Dockyard's own
 * @param message what went wrong; never null. Public: it must not carry secrets
 * @param isTransient true when the reconciler retries with backoff; false for a terminal error
 * @param at when it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastError(String code, String message, @JsonProperty("transient") boolean isTransient, Instant at) {

    public LastError {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }
}
