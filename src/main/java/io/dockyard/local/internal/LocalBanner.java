package io.dockyard.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import io.dockyard.simulator.ArmSimulator;
import io.dockyard.simulator.SimulatorEnvironment;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prints where local mode listens, the dev tokens and a first curl once the service is ready. It
 * goes to standard output on purpose, not to the log: tokens are never logged, and these are
 * throw-away credentials for a developer's own machine.
 */
@Component
@Profile("local")
class LocalBanner {

    private final DevTokens devTokens;
    private final ObjectProvider<ArmSimulator> simulator;
    private final LocalProperties properties;

    LocalBanner(DevTokens devTokens, ObjectProvider<ArmSimulator> simulator, LocalProperties properties) {
        this.devTokens = devTokens;
        this.simulator = simulator;
        this.properties = properties;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Map<String, String> tokens = devTokens.ensure();
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : 8080;
        String base = "http://localhost:" + port;
        StringBuilder out = new StringBuilder("\n");
        out.append("  Dockyard is running in local mode\n");
        out.append("    API        ").append(base).append("/api/v1   (contract: ").append(base).append("/openapi.yaml)\n");
        out.append("    Data       ").append(devTokens.file().toAbsolutePath().normalize().getParent()).append('\n');
        tokens.forEach((k, v) -> out.append("    ").append(String.format("%-22s", k)).append(v).append('\n'));
        ArmSimulator cloud = simulator.getIfAvailable();
        if (cloud != null) {
            Path env = simulatorEnvironment(cloud);
            out.append("    Simulated Azure    ").append(cloud.armUrl()).append("   (subscription ")
                    .append(cloud.subscriptionId()).append(")\n");
            out.append("    Simulator settings ").append(env).append("   (URL, subscription, CA for curl --cacert)\n");
        }
        out.append("  Try it:\n");
        out.append("    source ").append(devTokens.file()).append('\n');
        out.append("    curl -s -H \"Authorization: Bearer $DOCKYARD_TOKEN_TEAM_A\" ").append(base).append("/api/v1/catalog\n");
        System.out.println(out);
    }

    private Path simulatorEnvironment(ArmSimulator cloud) {
        try {
            return SimulatorEnvironment.write(cloud, properties.dataDir().resolve("simulator.env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
