package io.dockyard.hosts.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.dockyard.hosts.HostPhase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code dockyard_hosts{phase}}: how many hosts are in each phase, counted by the database every 15 seconds, so a
 * dashboard shows Failed or Degraded hosts piling up without anyone listing them.
 */
@Component
class HostPhaseGauges {

    private final JdbcClient jdbc;
    private final Map<HostPhase, AtomicLong> counts = new EnumMap<>(HostPhase.class);

    HostPhaseGauges(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (HostPhase phase : HostPhase.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(phase, count);
            Gauge.builder("dockyard.hosts", count, AtomicLong::get).tag("phase", phase.name())
                    .description("Hosts by phase").register(registry);
        }
    }

    @Scheduled(initialDelayString = "PT2S", fixedDelayString = "PT15S")
    void refresh() {
        Map<HostPhase, Long> fresh = new EnumMap<>(HostPhase.class);
        jdbc.sql("select phase, count(*) from hosts group by phase").query((rs, n) -> {
            fresh.put(HostPhase.valueOf(rs.getString(1)), rs.getLong(2));
            return null;
        }).list();
        counts.forEach((phase, count) -> count.set(fresh.getOrDefault(phase, 0L)));
    }
}
