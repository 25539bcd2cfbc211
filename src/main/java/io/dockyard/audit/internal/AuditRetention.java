package io.dockyard.audit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Removes records older than {@code dockyard.audit.retention}. Every instance may run it: the delete is
 * idempotent and the cutoff comes from the database's clock, so instances agree on it.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditRepository records;
    private final AuditProperties properties;

    AuditRetention(AuditRepository records, AuditProperties properties) {
        this.records = records;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    @Transactional
    public void purge() {
        int removed = records.purgeOlderThan(properties.retention());
        if (removed > 0) {
            log.info("Audit retention removed {} records older than {}", removed, properties.retention());
        }
    }
}
