package io.dockyard.hosts.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.dockyard.hosts.HostImages;

/** The image catalogue from {@code dockyard.hosts.images}, the same one the API validates aliases against. */
@Component
class ConfiguredHostImages implements HostImages {

    private final HostsProperties properties;

    ConfiguredHostImages(HostsProperties properties) {
        this.properties = properties;
    }

    @Override
    public Optional<MarketplaceImage> image(String alias) {
        return Optional.ofNullable(properties.images().get(alias))
                .map(i -> new MarketplaceImage(i.publisher(), i.offer(), i.sku(), i.version()));
    }
}
