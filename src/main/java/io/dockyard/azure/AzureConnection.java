package io.dockyard.azure;

import java.net.URI;
import java.nio.file.Path;

/**
 * A Resource Manager endpoint other than Azure's own — the simulator — with the CA that makes its HTTPS trusted.
 * When a bean of this type exists (local mode provides one), the adapter talks to it with a stand-in credential;
 * otherwise it talks to the configured Azure cloud with {@code DefaultAzureCredential}.
 */
public record AzureConnection(URI endpoint, String subscriptionId, String tenantId, Path trustedCa) {
}
