package io.dockyard.azure;

import java.time.Duration;

/**
 * An Azure failure as the reconciler needs it: the kind, the HTTP status (0 when no response came), Azure's error
 * code and message, and the Retry-After the response gave (null when none).
 */
public record AzureError(AzureErrorKind kind, int status, String code, String message, Duration retryAfter) {

    public boolean transientError() {
        return kind == AzureErrorKind.TRANSIENT;
    }
}
