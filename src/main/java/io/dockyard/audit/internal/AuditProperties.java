package io.dockyard.audit.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit trail settings ({@code dockyard.audit.*}).
 *
 * @param retention how long records are kept before the purge removes them
 * @param defaultPageSize list page size when {@code limit} is not given
 * @param maxPageSize the largest {@code limit} accepted
 */
@ConfigurationProperties("dockyard.audit")
public record AuditProperties(
        @DefaultValue("P400D") Duration retention,
        @DefaultValue("50") int defaultPageSize,
        @DefaultValue("200") int maxPageSize) {

    public AuditProperties {
        if (retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("dockyard.audit.retention must be positive, e.g. P400D");
        }
    }
}
