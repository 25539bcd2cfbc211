package io.dockyard.azure;

/** Thrown by {@link AzureResources} for every failed call; {@link #error()} says what kind of failure it was. */
public class AzureException extends RuntimeException {

    private final AzureError error;

    public AzureException(AzureError error, Throwable cause) {
        super(error.code() + ": " + error.message(), cause);
        this.error = error;
    }

    public AzureError error() {
        return error;
    }
}
