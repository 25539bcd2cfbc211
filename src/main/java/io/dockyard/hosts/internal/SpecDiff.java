package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Names the fields that differ between two specs, for the SpecUpdated event. Only names: values
 * may be secret.
 */
final class SpecDiff {

    private SpecDiff() {
    }

    static List<String> changedFields(HostSpec a, HostSpec b, Set<String> newSecretNames) {
        List<String> out = new ArrayList<>();
        if (!a.vmSize().equals(b.vmSize())) {
            out.add("vmSize");
        }
        if (a.osDiskSizeGb() != b.osDiskSizeGb()) {
            out.add("osDiskSizeGb");
        }
        HostSpec.DockerSettings da = a.docker();
        HostSpec.DockerSettings db = b.docker();
        if (da.port() != db.port()) {
            out.add("docker.port");
        }
        if (!java.util.Objects.equals(da.engineVersion(), db.engineVersion())) {
            out.add("docker.engineVersion");
        }
        if (!da.daemonConfig().equals(db.daemonConfig())) {
            out.add("docker.daemonConfig");
        }
        if (!da.registryLogins().equals(db.registryLogins())
                || newSecretNames.stream().anyMatch(n -> n.startsWith("registry/"))) {
            out.add("docker.registryLogins");
        }
        if (!da.environment().equals(db.environment())
                || newSecretNames.stream().anyMatch(n -> n.startsWith("env/"))) {
            out.add("docker.environment");
        }
        if (!java.util.Objects.equals(da.compose(), db.compose())) {
            out.add("docker.compose");
        }
        if (!a.network().allowedSourceRanges().equals(b.network().allowedSourceRanges())) {
            out.add("network.allowedSourceRanges");
        }
        if (a.network().sshAccess() != b.network().sshAccess()) {
            out.add("network.sshAccess");
        }
        if (!a.tags().equals(b.tags())) {
            out.add("tags");
        }
        if (a.paused() != b.paused()) {
            out.add("paused");
        }
        return out;
    }
}
