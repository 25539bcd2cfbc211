package io.dockyard.azure;

/**
 * How the caller should react to an Azure error: retry after a pause (throttling, server errors, connection
 * failures), observe again shortly (another operation holds the resource), or stop and report (a bad request,
 * quota, an unavailable size, a resource that is not ours).
 */
public enum AzureErrorKind {
    TRANSIENT, IN_PROGRESS, TERMINAL
}
