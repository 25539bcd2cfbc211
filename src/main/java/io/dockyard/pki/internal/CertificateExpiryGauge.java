package io.dockyard.pki.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code dockyard_certificates_next_expiry_seconds}: seconds until the nearest expiry of a live host server
 * certificate or CA. The reconciler renews server certificates after two thirds of their life; this gauge
 * falling towards zero means renewals have stopped.
 */
@Component
class CertificateExpiryGauge {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Instant> nearest = new AtomicReference<>();

    CertificateExpiryGauge(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("dockyard.certificates.next.expiry", this, CertificateExpiryGauge::secondsLeft)
                .baseUnit("seconds").description("Seconds until the nearest live server certificate or CA expires")
                .register(registry);
    }

    @Scheduled(initialDelayString = "PT3S", fixedDelayString = "PT60S")
    void refresh() {
        // Only each host's newest server certificate counts: a replaced one stays valid but is no longer served.
        nearest.set(jdbc.sql("""
                select min(not_after) from (
                    select distinct on (host_id) not_after from pki_certificates
                    where kind = 'server' and revoked_at is null order by host_id, created_at desc) latest""")
                .query(Instant.class).optional().orElse(null));
    }

    private double secondsLeft() {
        Instant at = nearest.get();
        return at == null ? Double.NaN : at.getEpochSecond() - clock.instant().getEpochSecond();
    }
}
