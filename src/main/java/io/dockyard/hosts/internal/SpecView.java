package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostSpec;
import io.dockyard.hosts.HostSpec.DockerSettings;
import io.dockyard.hosts.HostSpec.NetworkSettings;
import io.dockyard.hosts.HostSpec.RegistryLogin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public JSON form of a spec: what is stored in {@code hosts.spec} and what GET returns.
 * Secret values never appear; a registry login shows {@code passwordSet: true} and an environment
 * variable shows {@code {"set": true}}, which is also what a client may send back to keep them.
 */
final class SpecView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SpecView() {
    }

    static ObjectNode toJson(HostSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", spec.name());
        root.put("location", spec.location());
        root.put("vmSize", spec.vmSize());
        root.put("image", spec.image());
        root.put("osDiskSizeGb", spec.osDiskSizeGb());
        root.put("adminUsername", spec.adminUsername());
        ArrayNode keys = root.putArray("sshPublicKeys");
        spec.sshPublicKeys().forEach(keys::add);
        DockerSettings d = spec.docker();
        ObjectNode docker = root.putObject("docker");
        docker.put("port", d.port());
        if (d.engineVersion() != null) {
            docker.put("engineVersion", d.engineVersion());
        }
        docker.set("daemonConfig", JSON.readTree(d.daemonConfig()));
        ArrayNode logins = docker.putArray("registryLogins");
        for (RegistryLogin login : d.registryLogins()) {
            logins.addObject().put("server", login.server()).put("username", login.username()).put("passwordSet", true);
        }
        ObjectNode environment = docker.putObject("environment");
        d.environment().forEach(name -> environment.putObject(name).put("set", true));
        if (d.compose() != null) {
            docker.put("compose", d.compose());
        }
        ObjectNode network = root.putObject("network");
        ArrayNode ranges = network.putArray("allowedSourceRanges");
        spec.network().allowedSourceRanges().forEach(ranges::add);
        network.put("sshAccess", spec.network().sshAccess());
        ObjectNode tags = root.putObject("tags");
        spec.tags().forEach(tags::put);
        root.put("paused", spec.paused());
        return root;
    }

    static String toText(HostSpec spec) {
        return JSON.writeValueAsString(toJson(spec));
    }

    /** Reads a stored spec back; it was validated when it was written. */
    static HostSpec fromJson(JsonNode root) {
        JsonNode d = root.get("docker");
        List<RegistryLogin> logins = new ArrayList<>();
        d.get("registryLogins").forEach(l -> logins.add(new RegistryLogin(l.get("server").stringValue(),
                l.get("username").stringValue())));
        List<String> environment = new ArrayList<>(d.get("environment").propertyNames());
        JsonNode engine = d.get("engineVersion");
        JsonNode compose = d.get("compose");
        DockerSettings docker = new DockerSettings(d.get("port").intValue(),
                engine == null ? null : engine.stringValue(), JSON.writeValueAsString(d.get("daemonConfig")),
                logins, environment, compose == null ? null : compose.stringValue());
        List<String> ranges = new ArrayList<>();
        root.get("network").get("allowedSourceRanges").forEach(r -> ranges.add(r.stringValue()));
        List<String> keys = new ArrayList<>();
        root.get("sshPublicKeys").forEach(k -> keys.add(k.stringValue()));
        Map<String, String> tags = new TreeMap<>();
        root.get("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().stringValue()));
        return new HostSpec(root.get("name").stringValue(), root.get("location").stringValue(),
                root.get("vmSize").stringValue(), root.get("image").stringValue(), root.get("osDiskSizeGb").intValue(),
                root.get("adminUsername").stringValue(), keys, docker,
                new NetworkSettings(ranges, root.get("network").get("sshAccess").booleanValue()), tags,
                root.get("paused").booleanValue());
    }

    static HostSpec fromText(String text) {
        return fromJson(JSON.readTree(text));
    }
}
