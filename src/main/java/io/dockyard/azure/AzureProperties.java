package io.dockyard.azure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Dockyard reaches Azure ({@code dockyard.azure.*}): the cloud and subscription for production, or an explicit
 * endpoint with its CA (a standalone simulator), and the share of ARM's request budget this instance may use.
 */
@ConfigurationProperties("dockyard.azure")
public record AzureProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("AzureCloud") String cloud,
        String subscriptionId,
        String tenantId,
        URI endpoint,
        Path trustedCa,
        @DefaultValue("60s") Duration responseTimeout,
        @DefaultValue Budget budget) {

    /**
     * Client-side token buckets, per subscription, as a share of ARM's (reads 250 + 25/s, writes 200 + 10/s,
     * deletes 200 + 10/s). {@code timeFactor} matches a simulator whose refill is sped up; {@code maxWait} is the
     * longest a call waits for a token before it is handed back as a transient error.
     */
    public record Budget(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.8") double share,
            @DefaultValue("1.0") double timeFactor,
            @DefaultValue("10s") Duration maxWait,
            @DefaultValue("0.1") double lowRemaining) {
    }
}
