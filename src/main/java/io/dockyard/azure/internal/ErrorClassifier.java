package io.dockyard.azure.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;

/**
 * Turns whatever the SDK throws into one of three kinds. Transient: 408, 429, 5xx (but 501 and 505) and failures to
 * get an answer at all, with the Retry-After the response gave. In progress: Azure says another operation holds the
 * resource. Terminal: everything else — bad parameters, quota, unavailable sizes, conflicts — carrying Azure's code
 * and message for the host's status.
 */
final class ErrorClassifier {

    private static final Set<String> BUSY = Set.of("anotheroperationinprogress", "operationpreempted",
            "retryableerrorduetoanotheroperation", "resourcegroupbeingdeleted", "conflictingoperationinprogress");

    private ErrorClassifier() {
    }

    static AzureException classify(Throwable failure) {
        AzureException known = find(failure, AzureException.class);
        if (known != null) {
            return known;
        }
        HttpResponseException http = find(failure, HttpResponseException.class);
        if (http != null && http.getResponse() != null) {
            HttpResponse response = http.getResponse();
            int status = response.getStatusCode();
            String code = "Http" + status;
            String message = http.getMessage();
            if (http instanceof ManagementException management && management.getValue() != null) {
                code = management.getValue().getCode() == null ? code : management.getValue().getCode();
                message = management.getValue().getMessage() == null ? message : management.getValue().getMessage();
            }
            return new AzureException(new AzureError(kind(status, code), status, code, message,
                    retryAfter(response.getHeaderValue("Retry-After"))), failure);
        }
        if (find(failure, IOException.class) != null || find(failure, UncheckedIOException.class) != null
                || find(failure, TimeoutException.class) != null) {
            return new AzureException(new AzureError(AzureErrorKind.TRANSIENT, 0, "ConnectionFailed",
                    "No answer from Azure Resource Manager: " + rootMessage(failure), null), failure);
        }
        return new AzureException(new AzureError(AzureErrorKind.TRANSIENT, 0, "UnexpectedError",
                "Unexpected failure talking to Azure: " + rootMessage(failure), null), failure);
    }

    static AzureErrorKind kind(int status, String code) {
        if (code != null && BUSY.contains(code.toLowerCase(java.util.Locale.ROOT))) {
            return AzureErrorKind.IN_PROGRESS;
        }
        if (status == 408 || status == 429 || status >= 500 && status != 501 && status != 505) {
            return AzureErrorKind.TRANSIENT;
        }
        return AzureErrorKind.TERMINAL;
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
