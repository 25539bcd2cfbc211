package io.dockyard.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The HTTPS listener of the simulated ARM endpoint: the JDK's own server with a virtual thread per request, which
 * serves thousands of small JSON requests a second and needs nothing beyond the JDK.
 */
final class ArmServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY a response written as headers + body waits on delayed ACKs (~40 ms per request).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpsServer server;
    private final ExecutorService executor;

    ArmServer(String bindAddress, int port, SimulatorTls tls, ArmFrontDoor frontDoor) {
        try {
            server = HttpsServer.create(new InetSocketAddress(bindAddress, port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + " for the ARM simulator", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", frontDoor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
