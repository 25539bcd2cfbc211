package io.dockyard.simulator.internal.engine;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLParameters;

/**
 * An in-process stand-in for dockerd: an HTTP(S) server on the VM's public address that speaks a
 * sliver of the Engine API, with TLS built from the files the payload wrote, so that whoever holds
 * a client certificate from the written CA gets in and nobody else does.
 */
final class FakeEngine implements Engine {

    private final EngineSpec spec;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String message;
    private volatile boolean stopped;

    private FakeEngine(EngineSpec spec, HttpServer server, ExecutorService executor, String message) {
        this.spec = spec;
        this.server = server;
        this.executor = executor;
        this.message = message;
    }

    static FakeEngine start(EngineSpec spec, TlsMaterial tls, String engineVersion) throws EngineStartException {
        DaemonConfig config = spec.config();
        if (!config.hasTcp()) {
            return new FakeEngine(spec, null, null,
                    "fake engine has no TCP endpoint: daemon.json 'hosts' has no tcp:// entry");
        }
        if (spec.address() == null) {
            return new FakeEngine(spec, null, null, "fake engine has no TCP endpoint: the VM has no public address");
        }
        InetSocketAddress bind = new InetSocketAddress(spec.address(), config.tcpPort());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpServer server;
        try {
            if (tls != null) {
                HttpsServer https = HttpsServer.create(bind, 64);
                https.setHttpsConfigurator(configurator(tls, config.tlsVerify()));
                server = https;
            } else {
                server = HttpServer.create(bind, 64);
            }
        } catch (BindException e) {
            executor.close();
            throw new EngineStartException("cannot listen on " + spec.endpoint() + ": " + e.getMessage()
                    + " (port already in use?)", e);
        } catch (IOException e) {
            executor.close();
            throw new EngineStartException("cannot listen on " + spec.endpoint() + ": " + e.getMessage(), e);
        }
        server.createContext("/", new FakeDockerApi(engineVersion, spec.vmName(), spec.vmId()));
        server.setExecutor(executor);
        server.start();
        String scheme = tls == null ? "plain HTTP" : config.tlsVerify() ? "TLS, client certificates required" : "TLS";
        return new FakeEngine(spec, server, executor, "fake engine listening on " + spec.endpoint() + " (" + scheme + ")");
    }

    private static HttpsConfigurator configurator(TlsMaterial tls, boolean verifyClients) {
        return new HttpsConfigurator(tls.context()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(verifyClients);
                params.setSSLParameters(parameters);
            }
        };
    }

    @Override
    public EngineView view() {
        boolean listening = server != null;
        return new EngineView(spec.extensionKey(), EngineMode.FAKE, spec.addressText(),
                listening ? spec.config().tcpPort() : 0, listening && spec.config().tls(),
                stopped ? EngineView.STOPPED : EngineView.RUNNING, message, spec.sandbox().root());
    }

    @Override
    public boolean running() {
        return !stopped;
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
