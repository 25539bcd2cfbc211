package io.dockyard.reconciler.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.hosts.AzureStatus;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.DockerStatus;
import io.dockyard.pki.CertificateAuthority;

/**
 * Proves the host works the way its team will use it: the engine answers a mutual-TLS probe with a short-lived
 * control-plane certificate from the host's client CA. Records the endpoint and the engine's version; an engine
 * that does not answer yet is a transient failure, retried with backoff.
 */
final class DockerProbeStep implements Step {

    private final CertificateAuthority authority;
    private final DockerProbe probe;
    private final PassSettings settings;

    DockerProbeStep(CertificateAuthority authority, DockerProbe probe, PassSettings settings) {
        this.authority = authority;
        this.probe = probe;
        this.settings = settings;
    }

    @Override
    public String condition() {
        return Condition.DOCKER_REACHABLE;
    }

    @Override
    public StepResult run(PassContext pass) {
        AzureStatus azure = pass.azure();
        int port = pass.host.spec().docker().port();
        String endpoint = "tcp://" + (settings.endpointByAddress() || azure.fqdn() == null ? azure.publicIp() : azure.fqdn())
                + ":" + port;
        InetAddress address;
        try {
            address = InetAddress.getByName(azure.publicIp());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Azure reported a public IP that is not one: " + azure.publicIp(), e);
        }
        DockerProbe.Result result = probe.probe(address, port, authority.issueControlPlaneCertificate(pass.host.id()),
                authority.trustAnchorPem());
        DockerStatus known = pass.docker();
        pass.docker(new DockerStatus(endpoint, result.reachable() ? result.serverVersion() : known.serverVersion(), pass.now,
                result.error(), known.payloadTag(), known.payloadGeneration()));
        if (!result.reachable()) {
            String message = "Docker at " + azure.publicIp() + ":" + port + " does not answer: " + result.error();
            pass.condition(condition(), ConditionStatus.False, "Unreachable", message);
            return new StepResult.Failed(new AzureError(AzureErrorKind.TRANSIENT, 0, "DockerUnreachable", message, null));
        }
        pass.condition(condition(), ConditionStatus.True, "Reachable", "Docker " + result.serverVersion() + " answers at "
                + endpoint + " with mutual TLS");
        return StepResult.done();
    }
}
