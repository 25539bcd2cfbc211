package io.dockyard.reconciler.internal;

import io.dockyard.hosts.CertificateStatus;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.HostClientCa;

/**
 * The host's client CA, which its engine will trust. The server certificate is issued by {@link DockerInstallStep}
 * at the moment a payload is built: its key is never stored, so issuing it earlier would only mean issuing it
 * again on the next pass.
 */
final class CertificatesStep implements Step {

    private final CertificateAuthority authority;

    CertificatesStep(CertificateAuthority authority) {
        this.authority = authority;
    }

    @Override
    public String condition() {
        return Condition.CERTIFICATES_ISSUED;
    }

    @Override
    public StepResult run(PassContext pass) {
        HostClientCa clientCa = authority.clientCa(pass.host.id(), "reconciler");
        CertificateStatus known = pass.certificates();
        boolean serverValid = known != null && known.serverSerial() != null && known.serverNotAfter() != null
                && known.serverNotAfter().isAfter(pass.now);
        pass.condition(condition(), ConditionStatus.True, serverValid ? "Issued" : "ClientCaReady",
                serverValid ? "Server certificate " + known.serverSerial() + " valid until " + known.serverNotAfter()
                        : "Client CA ready; the server certificate is issued with the Docker payload");
        pass.certificates(new CertificateStatus(known == null ? null : known.serverSerial(),
                known == null ? null : known.serverNotAfter(), clientCa.fingerprintSha256(), clientCa.notAfter(),
                known == null ? null : known.serverNotBefore(), known == null ? null : known.clientCaSerial()));
        pass.clientCa(clientCa);
        return StepResult.done();
    }
}
