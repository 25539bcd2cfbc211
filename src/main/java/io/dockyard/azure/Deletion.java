package io.dockyard.azure;

/** Where a deletion stands: the resource is confirmed gone (404), or Azure is still deleting it. */
public enum Deletion {
    GONE, IN_PROGRESS
}
