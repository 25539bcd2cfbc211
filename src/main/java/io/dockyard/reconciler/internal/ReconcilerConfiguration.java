package io.dockyard.reconciler.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.dockyard.azure.AzureResources;
import io.dockyard.bootstrap.BootstrapPayloads;
import io.dockyard.bootstrap.BootstrapProperties;
import io.dockyard.hosts.HostDrift;
import io.dockyard.hosts.HostImages;
import io.dockyard.hosts.HostLeases;
import io.dockyard.pki.CertificateAuthority;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Assembles the pass the loop runs (the steps in their order, with the modules they stand on) and the fleet-wide
 * drift check that wakes settled hosts whose Azure resources changed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "dockyard.reconciler.enabled", havingValue = "true")
class ReconcilerConfiguration {

    @Bean
    HostPass hostReconciliation(HostLeases leases, AzureResources azure, CertificateAuthority authority,
                                BootstrapPayloads payloads, BootstrapProperties bootstrap, HostImages images,
                                ReconcilerProperties properties, Clock clock, MeterRegistry meters) {
        return assemble(leases, azure, authority, payloads, bootstrap, images, properties.pass().settings(), clock, meters);
    }

    @Bean
    DriftSweeper driftSweeper(AzureResources azure, HostDrift hosts, BootstrapProperties bootstrap, JdbcClient jdbc,
                              ReconcilerProperties properties, Clock clock, MeterRegistry meters) {
        return new DriftSweeper(new DriftCheck(azure, hosts, bootstrap.extensionName()), new DriftRounds(jdbc),
                properties.instanceId(), properties.pass().driftInterval(), clock, meters);
    }

    /** The pass with its steps in their order; tests assemble it the same way with their own settings. */
    static HostReconciliation assemble(HostLeases leases, AzureResources azure, CertificateAuthority authority,
                                       BootstrapPayloads payloads, BootstrapProperties bootstrap, HostImages images,
                                       PassSettings settings, Clock clock, MeterRegistry meters) {
        List<Step> steps = List.of(new ResourceGroupStep(azure), new NetworkStep(azure, settings),
                new CertificatesStep(authority), new VirtualMachineStep(azure, images),
                new DockerInstallStep(azure, authority, payloads, bootstrap, settings),
                new DockerProbeStep(authority, new DockerProbe(settings.probeTimeout()), settings));
        Backoff backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), ThreadLocalRandom.current());
        OperationPacing pacing = new OperationPacing();
        return new HostReconciliation(leases, azure, authority, steps, new PassOutcome(settings, backoff, pacing), pacing,
                settings,
                clock, meters);
    }
}
