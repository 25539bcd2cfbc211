package io.dockyard.azure.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.AzureResources;

/**
 * Whether Dockyard can work in its Azure subscription at all: one read at start, again every minute while it fails
 * and every ten minutes once it works. The readiness probe reports it, DOWN with Azure's code and message, so a
 * deployment without a role assignment, with a wrong subscription id or without a managed identity says so at once
 * instead of on the first host's pass. The credential's own settings cannot be checked before a call: managed
 * identity has none.
 */
final class AzureAccessCheck implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(AzureAccessCheck.class);
    private static final Duration RECHECK_WHEN_WORKING = Duration.ofMinutes(10);

    private final AzureResources azure;
    private final Clock clock;
    private volatile Health health = Health.unknown().withDetail("check", "not run yet").build();
    private volatile Instant checkedAt;

    AzureAccessCheck(AzureResources azure, Clock clock) {
        this.azure = azure;
        this.clock = clock;
    }

    @Override
    public Health health() {
        return health;
    }

    /** Every minute; skipped while the last check worked and is recent. */
    @Scheduled(initialDelay = 0, fixedDelayString = "${dockyard.azure.access-check-interval:PT1M}")
    void check() {
        Instant now = clock.instant();
        boolean working = "UP".equals(health.getStatus().getCode());
        if (working && checkedAt != null && now.isBefore(checkedAt.plus(RECHECK_WHEN_WORKING))) {
            return;
        }
        checkedAt = now;
        try {
            azure.verifyAccess();
            if (!working) {
                log.info("Azure subscription {} is reachable with Dockyard's credential", azure.subscriptionId());
            }
            health = Health.up().withDetail("subscription", azure.subscriptionId()).build();
        } catch (AzureException e) {
            AzureError error = e.error();
            if (working || !health.getDetails().containsKey("code")) {
                log.error("Dockyard cannot work in Azure subscription {}: {}: {}", azure.subscriptionId(), error.code(),
                        error.message());
            }
            health = Health.down().withDetail("subscription", azure.subscriptionId()).withDetail("code", error.code())
                    .withDetail("message", error.message()).build();
        }
    }
}
