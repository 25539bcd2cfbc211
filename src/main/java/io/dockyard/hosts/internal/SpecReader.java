package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostSpec;
import io.dockyard.hosts.HostSpec.DockerSettings;
import io.dockyard.hosts.HostSpec.NetworkSettings;
import io.dockyard.hosts.HostSpec.RegistryLogin;
import io.dockyard.web.JsonInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JSON spec into a {@link HostSpec}, checking every rule of the resource model against the
 * configured catalogue and Azure's real limits, and reporting every violation with its pointer.
 * On an update, secrets shown as set in the current spec may be left out and keep their value.
 */
@Component
class SpecReader {

    static final Set<String> SPEC_FIELDS = Set.of("name", "location", "vmSize", "image", "osDiskSizeGb",
            "adminUsername", "sshPublicKeys", "docker", "network", "tags", "paused");
    static final Map<String, String> SERVER_OWNED = Map.of(
            "id", "'id' is assigned by the server and cannot be set",
            "status", "'status' is reported by the server and cannot be set",
            "generation", "'generation' is counted by the server and cannot be set",
            "createdAt", "'createdAt' is set by the server",
            "updatedAt", "'updatedAt' is set by the server",
            "deletionRequestedAt", "'deletionRequestedAt' is set by DELETE",
            "spec", "send the spec fields at the top level of the body, not under 'spec'");

    static final int MIN_DISK_GB = 30;
    static final int MAX_DISK_GB = 1024;
    static final int MAX_SSH_KEYS = 10;
    static final int MAX_SOURCE_RANGES = 200;
    static final int MAX_USER_TAGS = 47;
    static final int MAX_REGISTRY_LOGINS = 20;
    static final int MAX_ENVIRONMENT = 100;
    static final int MAX_ENV_VALUE = 32 * 1024;
    static final int MAX_COMPOSE = 64 * 1024;
    static final int MAX_DAEMON_CONFIG = 16 * 1024;

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{1,38}[a-z0-9]$");
    private static final Pattern USERNAME = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
    private static final Set<String> RESERVED_USERNAMES = Set.of(
            "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1",
            "123", "a", "actuser", "adm", "admin2", "aspnet", "backup", "console", "david", "guest", "john",
            "owner", "root", "server", "sql", "support", "support_388945a0", "sys", "test2", "test3",
            "user4", "user5", "daemon", "bin", "nobody", "docker", "sshd", "syslog", "messagebus");
    private static final Pattern ENGINE_VERSION = Pattern.compile("^[0-9]{1,3}\\.[0-9]{1,3}(\\.[0-9]{1,3})?$");
    private static final Pattern REGISTRY = Pattern.compile(
            "^(?=.{1,253}(:|$))[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*(:[0-9]{1,5})?$");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final String TAG_KEY_FORBIDDEN = "<>%&\\?/";
    private static final List<String> RESERVED_TAG_PREFIXES = List.of("microsoft", "azure", "windows");
    private static final Set<String> OUR_TAGS = Set.of("dockyard-host-id", "dockyard-team", "managed-by");

    private final HostsProperties properties;
    private final List<Cidr> permitted;
    private final JsonMapper json = JsonMapper.builder().build();

    SpecReader(HostsProperties properties) {
        this.properties = properties;
        this.permitted = properties.network().permittedSourceRanges().stream()
                .map(r -> Cidr.parse(r).cidr().orElseThrow(() -> new IllegalStateException(
                        "dockyard.hosts.network.permitted-source-ranges has an invalid CIDR: " + r)))
                .toList();
    }

    /**
     * Reads a complete spec. {@code current} is the spec being replaced (null on create): its
     * secrets may be kept by leaving their values out.
     */
    ParsedSpec read(JsonNode body, HostSpec current, Set<String> extraAllowed, JsonInput in) {
        if (!in.isObject(body, "")) {
            return null;
        }
        Set<String> allowed = new HashSet<>(SPEC_FIELDS);
        allowed.addAll(extraAllowed);
        Map<String, String> owned = new HashMap<>(SERVER_OWNED);
        if (!allowed.contains("team")) {
            owned.put("team", "only an admin may set 'team', and only when creating a host");
        }
        in.allowOnly(body, "", allowed, owned);

        String name = in.string(body, "", "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            in.reject("/name", "must be 3-40 characters of lower-case letters, digits and '-', start with a letter and not end with '-'");
        }
        String location = in.string(body, "", "location", true);
        if (location != null && !properties.locations().contains(location)) {
            in.reject("/location", "'" + location + "' is not an allowed region; choose one of " + properties.locations());
        }
        String vmSize = orDefault(in.string(body, "", "vmSize", false), properties.defaults().vmSize());
        if (!properties.vmSizes().contains(vmSize)) {
            in.reject("/vmSize", "'" + vmSize + "' is not an allowed VM size; choose one of " + properties.vmSizes());
        }
        String image = orDefault(in.string(body, "", "image", false), properties.defaults().image());
        if (!properties.images().containsKey(image)) {
            in.reject("/image", "'" + image + "' is not in the image catalogue; choose one of " + properties.images().keySet().stream().sorted().toList());
        }
        Integer disk = in.integer(body, "", "osDiskSizeGb");
        int osDisk = disk == null ? properties.defaults().osDiskSizeGb() : disk;
        if (disk != null && (disk < MIN_DISK_GB || disk > MAX_DISK_GB)) {
            in.reject("/osDiskSizeGb", "must be between " + MIN_DISK_GB + " and " + MAX_DISK_GB + " (GiB)");
        }
        String admin = orDefault(in.string(body, "", "adminUsername", false), properties.defaults().adminUsername());
        if (!USERNAME.matcher(admin).matches()) {
            in.reject("/adminUsername", "must be 1-32 characters: lower-case letters, digits, '_' and '-', starting with a letter or '_'");
        } else if (RESERVED_USERNAMES.contains(admin)) {
            in.reject("/adminUsername", "'" + admin + "' is reserved by Azure or the OS; choose another name");
        }
        List<String> sshKeys = sshKeys(body, in);
        Map<String, String> newSecrets = new TreeMap<>();
        Set<String> kept = new HashSet<>();
        DockerSettings docker = docker(body.get("docker"), current, newSecrets, kept, in);
        NetworkSettings network = network(body.get("network"), in);
        Map<String, String> tags = tags(body.get("tags"), in);
        Boolean paused = in.bool(body, "", "paused");

        if (in.hasErrors()) {
            return null;
        }
        HostSpec spec = new HostSpec(name, location, vmSize, image, osDisk, admin, sshKeys, docker, network,
                tags, paused != null && paused);
        return new ParsedSpec(spec, newSecrets, kept);
    }

    private List<String> sshKeys(JsonNode body, JsonInput in) {
        JsonNode keys = body.get("sshPublicKeys");
        List<String> out = new ArrayList<>();
        if (keys == null || keys.isNull()) {
            in.reject("/sshPublicKeys", "is required: at least one OpenSSH public key");
            return out;
        }
        if (!keys.isArray()) {
            in.reject("/sshPublicKeys", "must be an array of OpenSSH public keys");
            return out;
        }
        if (keys.isEmpty() || keys.size() > MAX_SSH_KEYS) {
            in.reject("/sshPublicKeys", "must hold 1 to " + MAX_SSH_KEYS + " keys");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String at = JsonInput.pointer("/sshPublicKeys", i);
            JsonNode key = keys.get(i);
            if (!key.isString()) {
                in.reject(at, "must be a string");
                continue;
            }
            String line = key.stringValue().trim();
            SshPublicKey.problem(line).ifPresentOrElse(p -> in.reject(at, p), () -> {
                String[] parts = line.split("\\s+");
                if (!seen.add(parts[0] + " " + parts[1])) {
                    in.reject(at, "is a duplicate of another key");
                }
            });
            out.add(line);
        }
        return out;
    }

    private DockerSettings docker(JsonNode node, HostSpec current, Map<String, String> newSecrets, Set<String> kept,
            JsonInput in) {
        int port = properties.defaults().dockerPort();
        if (node == null || node.isNull()) {
            return new DockerSettings(port, null, "{}", List.of(), List.of(), null);
        }
        if (!in.isObject(node, "/docker")) {
            return null;
        }
        in.allowOnly(node, "/docker", Set.of("port", "engineVersion", "daemonConfig", "registryLogins",
                "environment", "compose"), Map.of());
        Integer givenPort = in.integer(node, "/docker", "port");
        if (givenPort != null) {
            port = givenPort;
            if (port < 1 || port > 65535) {
                in.reject("/docker/port", "must be between 1 and 65535");
            } else if (port == 22) {
                in.reject("/docker/port", "22 is the SSH port; choose another port (2376 is Docker's TLS port)");
            }
        }
        String engineVersion = in.string(node, "/docker", "engineVersion", false);
        if (engineVersion != null && !ENGINE_VERSION.matcher(engineVersion).matches()) {
            in.reject("/docker/engineVersion", "must be a Docker Engine version such as 27.3 or 27.3.1");
        }
        String daemonConfig = daemonConfig(node.get("daemonConfig"), in);
        List<RegistryLogin> logins = registryLogins(node.get("registryLogins"), current, newSecrets, kept, in);
        List<String> environment = environment(node.get("environment"), current, newSecrets, kept, in);
        String compose = in.string(node, "/docker", "compose", false);
        if (compose != null) {
            composeProblem(compose).ifPresent(p -> in.reject("/docker/compose", p));
        }
        return new DockerSettings(port, engineVersion, daemonConfig, logins, environment, compose);
    }

    private String daemonConfig(JsonNode node, JsonInput in) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject()) {
            in.reject("/docker/daemonConfig", "must be a JSON object of daemon.json settings");
            return "{}";
        }
        for (String key : node.propertyNames()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith("tls") || lower.equals("hosts")) {
                in.reject(JsonInput.pointer("/docker/daemonConfig", key),
                        "'" + key + "' is managed by Dockyard (TLS and listen addresses); remove it");
            }
        }
        String text = json.writeValueAsString(node);
        if (text.length() > MAX_DAEMON_CONFIG) {
            in.reject("/docker/daemonConfig", "must be at most " + MAX_DAEMON_CONFIG / 1024 + " KiB");
        }
        return text;
    }

    private List<RegistryLogin> registryLogins(JsonNode node, HostSpec current, Map<String, String> newSecrets,
            Set<String> kept, JsonInput in) {
        List<RegistryLogin> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            in.reject("/docker/registryLogins", "must be an array of {server, username, password}");
            return out;
        }
        if (node.size() > MAX_REGISTRY_LOGINS) {
            in.reject("/docker/registryLogins", "must hold at most " + MAX_REGISTRY_LOGINS + " logins");
        }
        Map<String, String> currentUsers = new HashMap<>();
        if (current != null) {
            current.docker().registryLogins().forEach(l -> currentUsers.put(SecretNames.registry(l.server()), l.username()));
        }
        Set<String> servers = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = JsonInput.pointer("/docker/registryLogins", i);
            JsonNode login = node.get(i);
            if (!in.isObject(login, at)) {
                continue;
            }
            in.allowOnly(login, at, Set.of("server", "username", "password", "passwordSet"), Map.of());
            String server = in.string(login, at, "server", true);
            String username = in.string(login, at, "username", true);
            String password = in.string(login, at, "password", false);
            if (login.has("passwordSet") && !login.get("passwordSet").isBoolean()) {
                in.reject(at + "/passwordSet", "is read-only; leave it out or send it as GET returned it");
            }
            if (server != null) {
                if (server.contains("://") || !REGISTRY.matcher(server).matches()) {
                    in.reject(at + "/server", "must be a registry host name with an optional port, e.g. myregistry.azurecr.io, without a scheme");
                } else if (!servers.add(server.toLowerCase(Locale.ROOT))) {
                    in.reject(at + "/server", "appears more than once");
                }
            }
            if (username != null && (username.isEmpty() || username.length() > 255 || !username.matches("\\S+"))) {
                in.reject(at + "/username", "must be 1-255 characters without spaces");
            }
            if (server == null || username == null) {
                continue;
            }
            String secretName = SecretNames.registry(server);
            if (password != null) {
                if (password.isEmpty() || password.length() > 4096) {
                    in.reject(at + "/password", "must be 1-4096 characters");
                } else {
                    newSecrets.put(secretName, password);
                }
            } else if (username.equals(currentUsers.get(secretName))) {
                kept.add(secretName);
            } else {
                in.reject(at + "/password", "is required for a new registry login or a changed username");
            }
            out.add(new RegistryLogin(server, username));
        }
        return out;
    }

    private List<String> environment(JsonNode node, HostSpec current, Map<String, String> newSecrets,
            Set<String> kept, JsonInput in) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isObject()) {
            in.reject("/docker/environment", "must be an object of NAME: value");
            return names;
        }
        if (node.size() > MAX_ENVIRONMENT) {
            in.reject("/docker/environment", "must hold at most " + MAX_ENVIRONMENT + " variables");
        }
        Set<String> existing = current == null ? Set.of() : Set.copyOf(current.docker().environment());
        for (var entry : node.properties()) {
            String key = entry.getKey();
            String at = JsonInput.pointer("/docker/environment", key);
            JsonNode value = entry.getValue();
            if (!ENV_NAME.matcher(key).matches()) {
                in.reject(at, "variable names are letters, digits and '_', not starting with a digit, at most 128 characters");
                continue;
            }
            if (value.isString()) {
                String text = value.stringValue();
                if (text.length() > MAX_ENV_VALUE || text.indexOf('\0') >= 0) {
                    in.reject(at, "values are at most " + MAX_ENV_VALUE / 1024 + " KiB of text without NUL characters");
                    continue;
                }
                newSecrets.put(SecretNames.environment(key), text);
            } else if (value.isObject() && value.size() == 1 && value.path("set").isBoolean()
                    && value.path("set").booleanValue()) {
                if (!existing.contains(key)) {
                    in.reject(at, "has no stored value to keep; send the value as a string");
                    continue;
                }
                kept.add(SecretNames.environment(key));
            } else {
                in.reject(at, "must be a string value (or {\"set\": true} to keep the stored value)");
                continue;
            }
            names.add(key);
        }
        names.sort(String::compareTo);
        return names;
    }

    private static java.util.Optional<String> composeProblem(String compose) {
        if (compose.length() > MAX_COMPOSE) {
            return java.util.Optional.of("must be at most " + MAX_COMPOSE / 1024 + " KiB");
        }
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            Object document = new Yaml(new SafeConstructor(options)).load(compose);
            if (!(document instanceof Map<?, ?> map) || !(map.get("services") instanceof Map<?, ?> services)
                    || services.isEmpty()) {
                return java.util.Optional.of("must be a Compose file with a non-empty 'services' mapping");
            }
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return java.util.Optional.of("is not valid YAML: " + message);
        }
    }

    private NetworkSettings network(JsonNode node, JsonInput in) {
        if (node == null || node.isNull()) {
            in.reject("/network", "is required: at least network.allowedSourceRanges");
            return null;
        }
        if (!in.isObject(node, "/network")) {
            return null;
        }
        in.allowOnly(node, "/network", Set.of("allowedSourceRanges", "sshAccess"), Map.of());
        JsonNode ranges = node.get("allowedSourceRanges");
        List<String> out = new ArrayList<>();
        if (ranges == null || ranges.isNull()) {
            in.reject("/network/allowedSourceRanges", "is required: the CIDRs that may reach the Docker port, e.g. [\"203.0.113.0/24\"]");
        } else if (!ranges.isArray()) {
            in.reject("/network/allowedSourceRanges", "must be an array of CIDRs");
        } else {
            if (ranges.isEmpty() || ranges.size() > MAX_SOURCE_RANGES) {
                in.reject("/network/allowedSourceRanges", "must hold 1 to " + MAX_SOURCE_RANGES + " CIDRs");
            }
            Set<Cidr> seen = new HashSet<>();
            for (int i = 0; i < ranges.size(); i++) {
                String at = JsonInput.pointer("/network/allowedSourceRanges", i);
                JsonNode range = ranges.get(i);
                if (!range.isString()) {
                    in.reject(at, "must be a string CIDR");
                    continue;
                }
                Cidr.Result parsed = Cidr.parse(range.stringValue().trim());
                if (parsed.cidr().isEmpty()) {
                    in.reject(at, parsed.error());
                    continue;
                }
                Cidr cidr = parsed.cidr().get();
                if (cidr.isAnySource() && !properties.network().allowAnySource()) {
                    in.reject(at, "opening the Docker port to the whole internet is not allowed here; list the networks that need access");
                } else if (!permitted.isEmpty() && permitted.stream().noneMatch(p -> p.contains(cidr))) {
                    in.reject(at, "'" + cidr.text() + "' is outside the permitted ranges " + properties.network().permittedSourceRanges());
                } else if (!seen.add(cidr)) {
                    in.reject(at, "appears more than once");
                }
                out.add(cidr.text());
            }
        }
        Boolean ssh = in.bool(node, "/network", "sshAccess");
        return new NetworkSettings(out, ssh != null && ssh);
    }

    private Map<String, String> tags(JsonNode node, JsonInput in) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            in.reject("/tags", "must be an object of tag names to string values");
            return out;
        }
        if (node.size() > MAX_USER_TAGS) {
            in.reject("/tags", "must hold at most " + MAX_USER_TAGS + " tags (Azure allows 50; Dockyard uses 3)");
        }
        Set<String> lowerKeys = new HashSet<>();
        for (var entry : node.properties()) {
            String key = entry.getKey();
            String at = JsonInput.pointer("/tags", key);
            String lower = key.toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.length() > 512) {
                in.reject(at, "tag names are 1-512 characters");
            } else if (key.chars().anyMatch(c -> TAG_KEY_FORBIDDEN.indexOf(c) >= 0 || Character.isISOControl(c))) {
                in.reject(at, "tag names may not contain any of < > % & \\ ? /");
            } else if (RESERVED_TAG_PREFIXES.stream().anyMatch(lower::startsWith)) {
                in.reject(at, "tag names starting with microsoft, azure or windows are reserved by Azure");
            } else if (OUR_TAGS.contains(lower) || lower.startsWith("dockyard-")) {
                in.reject(at, "'" + key + "' is set by Dockyard itself");
            } else if (!lowerKeys.add(lower)) {
                in.reject(at, "Azure tag names are case-insensitive; this one repeats another");
            }
            JsonNode value = entry.getValue();
            if (!value.isString()) {
                in.reject(at, "tag values must be strings");
            } else if (value.stringValue().length() > 256) {
                in.reject(at, "tag values are at most 256 characters");
            } else {
                out.put(key, value.stringValue());
            }
        }
        return new TreeMap<>(out);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
