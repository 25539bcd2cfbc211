package io.dockyard.reconciler.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureResources;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.ExtensionSpec;
import io.dockyard.azure.ExtensionState;
import io.dockyard.azure.FailedResources;
import io.dockyard.azure.ResourceState;
import io.dockyard.bootstrap.BootstrapPayloads;
import io.dockyard.bootstrap.BootstrapProperties;
import io.dockyard.bootstrap.BootstrapSettings;
import io.dockyard.bootstrap.ExtensionPayload;
import io.dockyard.bootstrap.RegistryLogin;
import io.dockyard.hosts.AzureStatus;
import io.dockyard.hosts.CertificateStatus;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.DockerStatus;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostSpec;
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.HostClientCa;
import io.dockyard.pki.ServerCertificate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Installs and configures Docker through the VM extension. A payload carries a fresh server certificate whose key
 * is never stored, so a payload cannot be rebuilt just to compare it: the pass remembers the payload's
 * {@code forceUpdateTag} and spec generation, and builds a new one only when something calls for it — no extension
 * yet, a tag on the VM that is not ours (changed or removed out of band), a newer spec, a rotated client CA, a
 * server certificate past two thirds of its life, or a deliberate retry of a failed install.
 */
final class DockerInstallStep implements Step {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final AzureResources azure;
    private final CertificateAuthority authority;
    private final BootstrapPayloads payloads;
    private final BootstrapProperties bootstrap;
    private final PassSettings settings;

    DockerInstallStep(AzureResources azure, CertificateAuthority authority, BootstrapPayloads payloads,
                      BootstrapProperties bootstrap, PassSettings settings) {
        this.azure = azure;
        this.authority = authority;
        this.payloads = payloads;
        this.bootstrap = bootstrap;
        this.settings = settings;
    }

    @Override
    public String condition() {
        return Condition.DOCKER_INSTALLED;
    }

    @Override
    public StepResult run(PassContext pass) {
        ExtensionState observed = azure.extension(pass.names.resourceGroup(), pass.names.virtualMachine(),
                bootstrap.extensionName()).orElse(null);
        String reason = reasonToApply(pass, observed);
        if (reason == null) {
            ResourceState state = observed.ensured().state();
            if (state == ResourceState.SUCCEEDED) {
                pass.condition(condition(), ConditionStatus.True, "Installed", "Docker is installed and configured "
                        + "(payload of generation " + pass.docker().payloadGeneration() + ")");
                return StepResult.done();
            }
            if (state == ResourceState.IN_PROGRESS) {
                pass.condition(condition(), ConditionStatus.False, "Installing", "The VM agent is running the payload");
                return StepResult.waiting("Installing", "The VM agent is running the payload");
            }
            if (pass.failed != FailedResources.RETRY) {
                AzureError failure = observed.ensured().failure() != null ? observed.ensured().failure()
                        : new AzureError(AzureErrorKind.TERMINAL, 0, "VMExtensionProvisioningError",
                        "The Docker install payload failed on the VM.", null);
                pass.condition(condition(), ConditionStatus.False, "InstallFailed", failure.message());
                return new StepResult.Failed(failure);
            }
            reason = "retrying the failed install";
        }
        return apply(pass, reason);
    }

    private String reasonToApply(PassContext pass, ExtensionState observed) {
        DockerStatus docker = pass.docker();
        CertificateStatus certificates = pass.certificates();
        if (observed == null) {
            return docker.payloadTag() == null ? "first install" : "the extension was removed outside Dockyard";
        }
        if (docker.payloadTag() == null || !docker.payloadTag().equals(observed.forceUpdateTag())) {
            return docker.payloadTag() == null ? "first install" : "the extension was changed outside Dockyard";
        }
        if (docker.payloadGeneration() == null || docker.payloadGeneration() != pass.host.generation()) {
            return "the spec changed (generation " + pass.host.generation() + ")";
        }
        HostClientCa clientCa = clientCa(pass);
        if (certificates == null || clientCa != null && !clientCa.serial().equals(certificates.clientCaSerial())) {
            return "the host's client CA was rotated";
        }
        if (renewalDue(certificates, pass.now)) {
            return "the server certificate is due for renewal";
        }
        return null;
    }

    /** The client CA the certificates step found, or read now when that step was skipped as settled. */
    private HostClientCa clientCa(PassContext pass) {
        if (pass.clientCa() == null) {
            pass.clientCa(authority.clientCa(pass.host.id(), "reconciler"));
        }
        return pass.clientCa();
    }

    private boolean renewalDue(CertificateStatus certificates, Instant now) {
        Instant due = settings.renewalDue(certificates);
        return due == null || !now.isBefore(due);
    }

    private StepResult apply(PassContext pass, String reason) {
        AzureStatus azureStatus = pass.azure();
        HostClientCa clientCa = clientCa(pass);
        ServerCertificate server = authority.issueServerCertificate(pass.host.id(), List.of(azureStatus.fqdn()),
                addresses(azureStatus), "reconciler");
        ExtensionPayload payload;
        Ensured ensured;
        try {
            payload = payloads.payload(bootstrapSettings(pass, clientCa, server));
            ensured = azure.ensureExtension(new ExtensionSpec(pass.names.resourceGroup(), pass.names.virtualMachine(),
                    payload.name(), pass.host.location(), pass.owner, payload.publisher(), payload.type(),
                    payload.typeHandlerVersion(), payload.autoUpgradeMinorVersion(), payload.settings(),
                    payload.protectedSettings(), payload.forceUpdateTag()), FailedResources.RETRY);
        } catch (RuntimeException e) {
            // The certificate's key went nowhere we will use (a write that did land is re-applied with a fresh one,
            // since its tag is not recorded): revoke it rather than leave a valid orphan behind.
            authority.revoke(pass.host.id(), server.serial());
            if (e instanceof IllegalArgumentException refused) {
                String message = "The host's Docker settings cannot be installed: " + refused.getMessage();
                pass.condition(condition(), ConditionStatus.False, "PayloadRefused", message);
                return new StepResult.Failed(new AzureError(AzureErrorKind.TERMINAL, 0, "PayloadRefused", message, null));
            }
            throw e;
        }
        DockerStatus docker = pass.docker();
        pass.docker(new DockerStatus(docker.endpoint(), docker.serverVersion(), docker.lastProbeAt(), docker.lastProbeError(),
                payload.forceUpdateTag(), pass.host.generation()));
        CertificateStatus known = pass.certificates();
        pass.certificates(new CertificateStatus(server.serial(), server.notAfter(),
                clientCa.fingerprintSha256(), clientCa.notAfter(), server.notBefore(), clientCa.serial()));
        pass.event(HostEventDraft.normal("DockerPayloadApplied", "Applying the Docker install payload: " + reason
                + "; server certificate " + server.serial() + " valid until " + server.notAfter()
                + (known != null && known.serverSerial() != null ? " replaces " + known.serverSerial() : "")));
        pass.condition(condition(), ConditionStatus.False, "Installing", "Applying the Docker install payload: " + reason);
        return ensured.state() == ResourceState.SUCCEEDED ? StepResult.started("Extension", "Installing", reason)
                : StepResult.started("Extension", "Installing", "Applying the Docker install payload: " + reason);
    }

    private static List<InetAddress> addresses(AzureStatus azure) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String address : new String[] {azure.publicIp(), azure.privateIp()}) {
            if (address != null) {
                try {
                    addresses.add(InetAddress.getByName(address));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("Azure reported an address that is not one: " + address, e);
                }
            }
        }
        return addresses;
    }

    @SuppressWarnings("unchecked")
    private static BootstrapSettings bootstrapSettings(PassContext pass, HostClientCa clientCa, ServerCertificate server) {
        HostSpec.DockerSettings docker = pass.host.spec().docker();
        Map<String, Object> daemonConfig = docker.daemonConfig() == null || docker.daemonConfig().isBlank()
                ? Map.of() : JSON.readValue(docker.daemonConfig(), LinkedHashMap.class);
        List<RegistryLogin> logins = docker.registryLogins().stream().map(login -> new RegistryLogin(login.server(),
                login.username(), pass.host.secrets().registryPassword(login.server()).orElseThrow(() ->
                        new IllegalStateException("the password for registry " + login.server() + " is missing"))))
                .toList();
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : docker.environment()) {
            environment.put(name, pass.host.secrets().environment().getOrDefault(name, ""));
        }
        return new BootstrapSettings(pass.host.id().toString(), docker.port(), docker.engineVersion(), daemonConfig, logins,
                environment, docker.compose(), clientCa.certificatePem(), server.certificatePem(), server.privateKeyPem());
    }
}
