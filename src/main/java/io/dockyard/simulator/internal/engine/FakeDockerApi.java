package io.dockyard.simulator.internal.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Docker Engine API calls a fake engine answers, with dockerd's headers and JSON shapes so
 * the real docker CLI and SDK clients accept it: ping, version, info and an empty container list.
 * Paths may carry a {@code /vX.Y} prefix, checked against the supported range as dockerd does.
 */
final class FakeDockerApi implements HttpHandler {

    static final String API_VERSION = "1.47";
    static final String MIN_API_VERSION = "1.24";
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");
    private static final String KERNEL = "6.8.0-1015-azure";
    private static final String GIT_COMMIT = "41ca978";
    private static final String GO_VERSION = "go1.22.7";
    private static final String BUILD_TIME = "2024-09-20T11:41:00.000000000+00:00";

    private final String engineVersion;
    private final String vmName;
    private final String engineId;

    FakeDockerApi(String engineVersion, String vmName, String vmId) {
        this.engineVersion = engineVersion;
        this.vmName = vmName == null ? "" : vmName;
        String seed = vmId == null || vmId.isBlank() ? this.vmName + "-" + UUID.randomUUID() : vmId;
        this.engineId = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher versioned = VERSIONED.matcher(path);
            if (versioned.matches()) {
                String problem = unsupported(Integer.parseInt(versioned.group(1)), Integer.parseInt(versioned.group(2)));
                if (problem != null) {
                    json(exchange, 400, message(problem));
                    return;
                }
                path = versioned.group(3);
            }
            String method = exchange.getRequestMethod();
            boolean get = method.equals("GET");
            switch (path) {
                case "/_ping" -> {
                    if (get || method.equals("HEAD")) {
                        ping(exchange, get);
                    } else {
                        notFound(exchange);
                    }
                }
                case "/version" -> respondIfGet(exchange, get, version());
                case "/info" -> respondIfGet(exchange, get, info());
                case "/containers/json" -> respondIfGet(exchange, get, "[]");
                default -> notFound(exchange);
            }
        }
    }

    private static String unsupported(int major, int minor) {
        int requested = major * 1000 + minor;
        if (requested > 1047) {
            return "client version " + major + "." + minor + " is too new. Maximum supported API version is " + API_VERSION;
        }
        if (requested < 1024) {
            return "client version " + major + "." + minor + " is too old. Minimum supported API version is "
                    + MIN_API_VERSION + ", please upgrade your client to a newer version";
        }
        return null;
    }

    private void ping(HttpExchange exchange, boolean withBody) throws IOException {
        var headers = exchange.getResponseHeaders();
        commonHeaders(exchange);
        headers.set("Docker-Experimental", "false");
        headers.set("Ostype", "linux");
        headers.set("Builder-Version", "2");
        headers.set("Swarm", "inactive");
        headers.set("Cache-Control", "no-cache, no-store, must-revalidate");
        headers.set("Pragma", "no-cache");
        headers.set("Content-Type", "text/plain; charset=utf-8");
        if (withBody) {
            send(exchange, 200, "OK".getBytes(StandardCharsets.US_ASCII));
        } else {
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void respondIfGet(HttpExchange exchange, boolean get, String body) throws IOException {
        if (get) {
            json(exchange, 200, body);
        } else {
            notFound(exchange);
        }
    }

    private void notFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, message("page not found"));
    }

    private static String message(String text) {
        return Json.MAPPER.createObjectNode().put("message", text).toString();
    }

    private void json(HttpExchange exchange, int status, String body) throws IOException {
        commonHeaders(exchange);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, (body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void commonHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Api-Version", API_VERSION);
        exchange.getResponseHeaders().set("Server", "Docker/" + engineVersion + " (linux)");
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String version() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("Platform").put("Name", "Docker Engine - Community");
        ObjectNode engine = root.putArray("Components").addObject();
        engine.put("Name", "Engine").put("Version", engineVersion);
        engine.putObject("Details")
                .put("ApiVersion", API_VERSION)
                .put("Arch", "amd64")
                .put("BuildTime", BUILD_TIME)
                .put("Experimental", "false")
                .put("GitCommit", GIT_COMMIT)
                .put("GoVersion", GO_VERSION)
                .put("KernelVersion", KERNEL)
                .put("MinAPIVersion", MIN_API_VERSION)
                .put("Os", "linux");
        root.put("Version", engineVersion)
                .put("ApiVersion", API_VERSION)
                .put("MinAPIVersion", MIN_API_VERSION)
                .put("GitCommit", GIT_COMMIT)
                .put("GoVersion", GO_VERSION)
                .put("Os", "linux")
                .put("Arch", "amd64")
                .put("KernelVersion", KERNEL)
                .put("BuildTime", BUILD_TIME);
        return root.toString();
    }

    String info() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("ID", engineId)
                .put("Containers", 0)
                .put("ContainersRunning", 0)
                .put("ContainersPaused", 0)
                .put("ContainersStopped", 0)
                .put("Images", 0)
                .put("Driver", "overlay2")
                .put("DockerRootDir", "/var/lib/docker")
                .put("Name", vmName)
                .put("ServerVersion", engineVersion)
                .put("OperatingSystem", "Ubuntu 24.04 LTS (simulated)")
                .put("OSType", "linux")
                .put("OSVersion", "24.04")
                .put("KernelVersion", KERNEL)
                .put("Architecture", "x86_64")
                .put("NCPU", Runtime.getRuntime().availableProcessors())
                .put("MemTotal", memTotal())
                .put("IndexServerAddress", "https://index.docker.io/v1/")
                .put("SystemTime", Instant.now().toString())
                .put("ExperimentalBuild", false)
                .put("LoggingDriver", "json-file")
                .put("CgroupDriver", "systemd")
                .put("CgroupVersion", "2");
        root.putArray("Labels");
        root.putObject("Swarm").put("LocalNodeState", "inactive").put("NodeID", "").put("NodeAddr", "");
        return root.toString();
    }

    private static long memTotal() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
