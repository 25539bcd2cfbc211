package io.dockyard.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code simulator.env} file: the ARM URL, subscription and CA path a shell or another process needs to talk to
 * the simulator ({@code source .dockyard/simulator.env; curl --cacert "$DOCKYARD_SIMULATOR_CA" ...}).
 */
public final class SimulatorEnvironment {

    private SimulatorEnvironment() {
    }

    public static Path write(ArmSimulator simulator, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String content = "DOCKYARD_SIMULATOR_URL=" + simulator.armUrl() + "\n"
                + "DOCKYARD_SIMULATOR_SUBSCRIPTION=" + simulator.subscriptionId() + "\n"
                + "DOCKYARD_SIMULATOR_TENANT=" + simulator.tenantId() + "\n"
                + "DOCKYARD_SIMULATOR_CA=" + simulator.caCertificate().toAbsolutePath().normalize() + "\n";
        Files.writeString(file, content);
        return file;
    }
}
