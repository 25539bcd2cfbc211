package io.dockyard.pki;

import java.time.Duration;

/**
 * How long client certificates live unless asked otherwise, and the most anyone may ask for.
 */
public record ClientCertificatePolicy(Duration defaultTtl, Duration maxTtl) {
}
