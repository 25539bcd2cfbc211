package io.dockyard.simulator.internal.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Shared fixtures: extension runs, script payloads, free ports and HTTPS probes. */
final class EngineTestSupport {

    static final String VM_KEY = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1";

    private EngineTestSupport() {
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String extensionKey(String vmKey, String name) {
        return vmKey + "/extensions/" + name;
    }

    static ExtensionRun customScript(String extensionKey, String vmKey, InetAddress address, JsonNode settings,
                                     JsonNode protectedSettings) {
        return new ExtensionRun(extensionKey, vmKey, "vm1", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", address,
                "vm1.westeurope.cloudapp.azure.com", "10.0.0.4", "Microsoft.Azure.Extensions", "CustomScript", "2.1",
                settings, protectedSettings);
    }

    static ExtensionRun scriptRun(String extensionKey, InetAddress address, String script) {
        return customScript(extensionKey, VM_KEY, address, null, Json.MAPPER.createObjectNode().put("script", gzipBase64(script)));
    }

    static ExtensionRun dockerExtension(String extensionKey, InetAddress address, JsonNode settings, JsonNode protectedSettings) {
        return new ExtensionRun(extensionKey, VM_KEY, "vm1", "vm-id-1", address, null, "10.0.0.4",
                "Microsoft.Azure.Extensions", "DockerExtension", "1.2", settings, protectedSettings);
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static String gzipBase64(String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A provisioning script like the control plane's: writes the TLS files and daemon.json under
     * $DOCKYARD_ROOT, restarts docker and runs {@code extra} afterwards.
     */
    static String tlsScript(TestPki ca, TestPki.Issued server, int port, String serverKeyPem, String extra) {
        return """
                #!/usr/bin/env bash
                set -euo pipefail
                root="${DOCKYARD_ROOT:-}"
                if [ -z "${DOCKYARD_SKIP_INSTALL:-}" ]; then
                  apt-get install -y docker.io
                fi
                install -d -m 0755 "$root/etc/docker"
                cat > "$root/etc/docker/ca.pem" <<'PEM'
                %s
                PEM
                cat > "$root/etc/docker/server-cert.pem" <<'PEM'
                %s
                PEM
                cat > "$root/etc/docker/server-key.pem" <<'PEM'
                %s
                PEM
                chmod 0600 "$root/etc/docker/server-key.pem"
                cat > "$root/etc/docker/daemon.json" <<'JSON'
                {
                  "tlsverify": true,
                  "tlscacert": "/etc/docker/ca.pem",
                  "tlscert": "/etc/docker/server-cert.pem",
                  "tlskey": "/etc/docker/server-key.pem",
                  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:%d"],
                  "log-level": "info"
                }
                JSON
                systemctl daemon-reload
                systemctl enable docker
                if systemctl is-active --quiet docker; then echo "docker was already active"; fi
                systemctl restart docker
                echo "docker is $(systemctl is-active docker)"
                %s
                echo "provisioned $(hostname)"
                """.formatted(ca.caPem().strip(), server.certificatePem().strip(), serverKeyPem.strip(), port, extra);
    }

    static HttpResponse<String> get(SSLContext context, InetAddress address, int port, String path)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + address.getHostAddress() + ":" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Whether something accepts TCP connections at the address and port. */
    static boolean listening(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
