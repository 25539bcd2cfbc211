package io.dockyard.hosts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * How the host's Docker engine answered the last probe, so that a team can tell "not installed yet" from
 * "installed but unreachable from here". Null members are left out of the JSON.
 *
 * @param endpoint {@code tcp://FQDN:PORT}, what {@code DOCKER_HOST} should be
 * @param serverVersion the engine's version from {@code GET /version}
 * @param lastProbeAt when the probe last ran
 * @param lastProbeError why the last probe failed; null when it succeeded. Public: no secrets
 * @param payloadTag the {@code forceUpdateTag} of the install payload last applied: the payload holds a server
 *        key that is never stored, so this tag is how a later pass knows the extension on the VM is ours
 * @param payloadGeneration the spec generation that payload was built from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerStatus(String endpoint, String serverVersion, Instant lastProbeAt, String lastProbeError,
        String payloadTag, Long payloadGeneration) {

    public DockerStatus(String endpoint, String serverVersion, Instant lastProbeAt, String lastProbeError) {
        this(endpoint, serverVersion, lastProbeAt, lastProbeError, null, null);
    }
}
