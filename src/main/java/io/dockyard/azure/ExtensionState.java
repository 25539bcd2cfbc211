package io.dockyard.azure;

/**
 * An extension as Azure reports it, without its protected settings (Azure never returns them): the reconciler
 * compares {@code forceUpdateTag} with the tag of the payload it last applied, because the server key inside that
 * payload is never stored and the payload cannot be rebuilt for a comparison.
 */
public record ExtensionState(Ensured ensured, String publisher, String type, String typeHandlerVersion,
                             String forceUpdateTag) {
}
