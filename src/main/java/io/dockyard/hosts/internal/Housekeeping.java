package io.dockyard.hosts.internal;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgets what has outlived its purpose: idempotency keys past their 24 hours and events past the
 * retention time. Every instance may run it; the deletes are idempotent. It also re-seals stored secrets left under
 * a previous key-encryption key after a rotation, a batch at a time.
 */
@Component
class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final IdempotencyKeys keys;
    private final HostEventRepository events;
    private final HostsProperties properties;
    private final Clock clock;
    private final HostSecretStore secrets;

    Housekeeping(IdempotencyKeys keys, HostEventRepository events, HostsProperties properties, Clock clock,
                 HostSecretStore secrets) {
        this.secrets = secrets;
        this.keys = keys;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT15M")
    @Transactional
    public void purge() {
        Instant now = clock.instant();
        int expiredKeys = keys.deleteExpired(now);
        int oldEvents = events.deleteOlderThan(now.minus(properties.eventRetention()));
        if (expiredKeys + oldEvents > 0) {
            log.info("Housekeeping removed {} expired idempotency keys and {} old events", expiredKeys, oldEvents);
        }
    }

    /** Re-seals, in batches of 100 (each its own statements, no long transaction), until nothing stale is left. */
    @Scheduled(initialDelayString = "PT20S", fixedDelayString = "PT10M")
    public void resealSecrets() {
        int total = 0;
        for (int batch = secrets.resealStale(100); batch > 0; batch = secrets.resealStale(100)) {
            total += batch;
        }
        if (total > 0) {
            log.info("Re-sealed {} host secrets under the current key-encryption key", total);
        }
    }
}
