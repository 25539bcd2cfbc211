package io.dockyard.hosts;

import java.util.Optional;

/** The image catalogue: what marketplace image a spec's alias (e.g. {@code ubuntu-24.04}) stands for. */
public interface HostImages {

    Optional<MarketplaceImage> image(String alias);

    /** A marketplace image reference. */
    record MarketplaceImage(String publisher, String offer, String sku, String version) {
    }
}
