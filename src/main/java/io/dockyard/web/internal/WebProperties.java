package io.dockyard.web.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTP limits shared by every endpoint ({@code dockyard.web.*}).
 *
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("dockyard.web")
public record WebProperties(@DefaultValue("262144") long maxBodyBytes) {
}
