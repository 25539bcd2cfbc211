package io.dockyard.azure;

/**
 * What an ensure does with a resource Azure reports as Failed: report it (so the failure reaches the host's status
 * and nothing loops), or write it again because the caller decided to retry.
 */
public enum FailedResources {
    REPORT, RETRY
}
