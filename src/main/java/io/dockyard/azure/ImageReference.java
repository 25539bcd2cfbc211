package io.dockyard.azure;

/** A marketplace image, as the catalogue maps an alias like {@code ubuntu-24.04}. */
public record ImageReference(String publisher, String offer, String sku, String version) {
}
