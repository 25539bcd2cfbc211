package io.dockyard.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the simulated cloud as its own process, so the control plane can be killed and restarted while the cloud
 * keeps its state: {@code java -Dloader.main=io.dockyard.simulator.SimulatorMain -cp dockyard.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher --dockyard.simulator.port=8443}. It prints its ARM URL
 * and writes {@code simulator.env} into its work directory.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SimulatorConfiguration.class)
                .web(WebApplicationType.NONE)
                .profiles("simulator")
                .properties("dockyard.simulator.enabled=true", "spring.main.banner-mode=off")
                .run(args);
        ArmSimulator simulator = context.getBean(ArmSimulator.class);
        Path env = SimulatorEnvironment.write(simulator, simulator.settings().workDir().resolve("simulator.env"));
        System.out.println("ARM simulator listening at " + simulator.armUrl() + " (subscription "
                + simulator.subscriptionId() + ", CA " + simulator.caCertificate() + ", settings " + env + ")");
        new CountDownLatch(1).await();
    }
}
