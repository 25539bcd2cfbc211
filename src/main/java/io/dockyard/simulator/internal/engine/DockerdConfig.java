package io.dockyard.simulator.internal.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a VM's daemon.json into the configuration a sandboxed real dockerd runs with: the user's
 * keys are kept, but paths move into the sandbox, the endpoints become the VM's address and a
 * private unix socket, and networking and storage are set so that several daemons can share this
 * machine without touching its firewall or its own Docker.
 */
final class DockerdConfig {

    /** Keys the simulator decides; the user's values for them are replaced. */
    private static final Set<String> MANAGED_KEYS = Set.of("hosts", "tls", "tlsverify", "tlscacert", "tlscert",
            "tlskey", "containerd", "exec-root", "execroot", "pidfile", "data-root", "graph", "iptables", "ip6tables",
            "bridge", "storage-driver", "storage-opts");

    /** Managed dockerd flags that take a value, long and short spellings. */
    private static final Set<String> MANAGED_VALUE_FLAGS = Set.of("host", "h", "tlscacert", "tlscert", "tlskey",
            "containerd", "exec-root", "pidfile", "p", "data-root", "graph", "g", "bridge", "b", "storage-driver", "s",
            "storage-opt", "config-file");

    /** Managed boolean dockerd flags. */
    private static final Set<String> MANAGED_BOOLEAN_FLAGS = Set.of("tls", "tlsverify", "iptables", "ip6tables");

    private DockerdConfig() {
    }

    static ObjectNode rewrite(EngineSpec spec) throws EngineStartException {
        Sandbox sandbox = spec.sandbox();
        DaemonConfig config = spec.config();
        ObjectNode rewritten = config.raw().deepCopy();
        String dataRoot = Json.text(config.raw(), "data-root");
        MANAGED_KEYS.forEach(rewritten::remove);

        ArrayNode hosts = rewritten.putArray("hosts");
        hosts.add("unix://" + sandbox.dockerSocket());
        if (config.hasTcp() && spec.address() != null) {
            hosts.add("tcp://" + spec.endpoint());
        }
        if (config.tls()) {
            rewritten.put("tls", true);
            rewritten.put("tlsverify", config.tlsVerify());
            if (config.caFile() != null) {
                rewritten.put("tlscacert", config.caFile().toString());
            }
            rewritten.put("tlscert", config.certFile().toString());
            rewritten.put("tlskey", config.keyFile().toString());
        }
        try {
            rewritten.put("data-root", sandbox.vmPath(dataRoot == null ? "/var/lib/docker" : dataRoot).toString());
        } catch (IllegalArgumentException e) {
            throw new EngineStartException("/etc/docker/daemon.json: 'data-root' " + e.getMessage());
        }
        Path runtime = sandbox.runtimeDir();
        rewritten.put("exec-root", runtime.resolve("exec").toString());
        rewritten.put("pidfile", runtime.resolve("dockerd.pid").toString());
        rewritten.put("iptables", false);
        rewritten.put("ip6tables", false);
        rewritten.put("bridge", "none");
        rewritten.put("storage-driver", "vfs");
        return rewritten;
    }

    /**
     * Splits extra dockerd flags into those that can be passed through and those the simulator
     * manages itself (which dockerd would reject as set twice). Returns the kept flags; the dropped
     * ones are added to {@code dropped}.
     */
    static List<String> passThroughFlags(List<String> flags, List<String> dropped) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            String name = flag.replaceFirst("^-+", "").replaceFirst("=.*$", "").toLowerCase(Locale.ROOT);
            boolean isFlag = flag.startsWith("-");
            if (isFlag && MANAGED_BOOLEAN_FLAGS.contains(name)) {
                dropped.add(flag);
            } else if (isFlag && MANAGED_VALUE_FLAGS.contains(name)) {
                dropped.add(flag);
                if (!flag.contains("=") && i + 1 < flags.size() && !flags.get(i + 1).startsWith("-")) {
                    dropped.add(flags.get(++i));
                }
            } else {
                kept.add(flag);
            }
        }
        return kept;
    }
}
