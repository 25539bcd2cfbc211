package io.dockyard.reconciler.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.AzureResources;
import io.dockyard.azure.Deletion;
import io.dockyard.hosts.ClaimedHost;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostLeases;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.LastError;
import io.dockyard.pki.CertificateAuthority;

/**
 * One pass over one claimed host: the ordered steps while the host should exist, deprovisioning once its deletion
 * was requested, nothing for a paused host. Each step observes and starts what is missing; the pass ends at the
 * first step that is not done, writes the status fenced by the lease, and says when to look again. A process
 * killed at any point leaves nothing the next owner would create twice: every write is an idempotent ensure.
 */
final class HostReconciliation implements HostPass {

    private static final System.Logger LOG = System.getLogger(HostReconciliation.class.getName());
    private final HostLeases leases;
    private final AzureResources azure;
    private final CertificateAuthority authority;
    private final List<Step> steps;
    private final PassOutcome outcome;
    private final OperationPacing pacing;
    private final PassSettings settings;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    HostReconciliation(HostLeases leases, AzureResources azure, CertificateAuthority authority, List<Step> steps,
                       PassOutcome outcome, OperationPacing pacing, PassSettings settings, Clock clock,
                       io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.leases = leases;
        this.azure = azure;
        this.authority = authority;
        this.steps = List.copyOf(steps);
        this.outcome = outcome;
        this.pacing = pacing;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void run(ClaimedHost host, LeaseKeeper keeper) {
        Instant now = clock.instant();
        if (host.deletionRequested() || host.spec().paused()) {
            // Whatever this instance was timing for the host no longer ends in a step being done.
            pacing.forget(host.id());
        }
        if (host.deletionRequested()) {
            deprovision(host, keeper, now);
            return;
        }
        if (host.spec().paused()) {
            HostStatus status = host.status().withPhase(HostPhase.Paused).withLastReconcileAt(now);
            List<HostEventDraft> events = host.status().phase() == HostPhase.Paused ? List.of()
                    : List.of(HostEventDraft.normal("Paused", "The host is paused; Dockyard leaves its Azure resources alone"));
            leases.complete(keeper.current(), status, null, events);
            return;
        }
        PassContext pass = new PassContext(host, now, azure.subscriptionId());
        StepResult result = runSteps(pass, keeper, true);
        if (result instanceof StepResult.Failed first && !first.error().transientError() && pass.skippedSteps() > 0
                && keeper.held()) {
            // Something a skipped step made may not be there any more (deleted out of band, or a fresh simulator;
            // Azure then refuses a reference, e.g. InvalidParameter for a missing NIC): observe every step again
            // before calling the host Failed. Transient failures (throttling, 5xx) are not retried within the pass:
            // that would double the calls exactly when Azure asks for fewer.
            pass = new PassContext(host, now, azure.subscriptionId());
            result = runSteps(pass, keeper, false);
            if (result instanceof StepResult.Failed again && missingResource(again.error())) {
                // Still missing right after this pass made it: the cloud is changing under us; try again soon.
                AzureError error = again.error();
                result = new StepResult.Failed(new AzureError(AzureErrorKind.TRANSIENT, error.status(), error.code(),
                        error.message(), error.retryAfter()));
            }
        }
        if (result == null) {
            return;
        }
        if (!keeper.held()) {
            return;
        }
        // An interrupt (shutdown grace over) must not close the JDBC socket under the last write.
        Thread.interrupted();
        Instant next = outcome.finish(pass, result);
        leases.complete(keeper.current(), pass.status(), next, pass.events());
    }

    /** Runs the steps in order until one is not done; null when the lease was lost on the way. */
    private StepResult runSteps(PassContext pass, LeaseKeeper keeper, boolean skipSettled) {
        StepResult result = StepResult.done();
        boolean skipping = skipSettled;
        try {
            for (Step step : steps) {
                if (!keeper.held()) {
                    return null;
                }
                if (skipping && settled(step, pass)) {
                    pass.skipped();
                    continue;
                }
                // Later steps stand on earlier ones: once one acts (a VM recreated has no extension yet), every
                // later step observes again. The local certificates step changes nothing in Azure.
                skipping = skipping && step instanceof CertificatesStep;
                boolean wasWaiting = pass.host.status().condition(step.condition())
                        .filter(c -> c.status() == ConditionStatus.False).isPresent();
                result = timed(step, pass);
                if (wasWaiting && result instanceof StepResult.Done) {
                    pacing.finished(pass.host.id(), step.condition(), pass.host.status().lastReconcileAt(), pass.now);
                }
                if (result instanceof StepResult.Waiting waiting) {
                    pass.waitingOn(step.condition(), waiting);
                }
                if (!(result instanceof StepResult.Done)) {
                    break;
                }
            }
        } catch (AzureException e) {
            AzureError error = e.error();
            result = error.kind() == AzureErrorKind.IN_PROGRESS
                    ? new StepResult.Waiting("AzureBusy", error.message(), error.retryAfter(), null) : new StepResult.Failed(error);
        } catch (RuntimeException e) {
            // Messages may quote what they failed on; the type and the stack are enough to find the bug.
            LOG.log(System.Logger.Level.WARNING, "pass over host " + pass.host.id() + " failed", MessageFreeTrace.of(e));
            result = new StepResult.Failed(new AzureError(AzureErrorKind.TRANSIENT, 0, "InternalError",
                    "Dockyard failed while reconciling: " + e.getClass().getSimpleName(), null));
        }
        return result;
    }

    private static boolean missingResource(AzureError error) {
        return error.status() == 404 || "ResourceGroupNotFound".equals(error.code())
                || "InvalidResourceReference".equals(error.code()) || "ParentResourceNotFound".equals(error.code());
    }

    /**
     * While a host is being provisioned, a step whose condition this very generation already made True is not
     * observed again on every later pass: re-reading five finished resources each time a VM is still being
     * created would spend ARM's read budget on nothing. A Ready host's drift pass, and any pass after a spec
     * change, runs every step. Only a leading run of settled steps is skipped: the first step that runs makes every
     * later one run too — except the local certificates step, which changes nothing in Azure (and whose client CA
     * the install step reads itself when the step was skipped).
     */
    private static boolean settled(Step step, PassContext pass) {
        HostPhase phase = pass.host.status().phase();
        if (phase == HostPhase.Ready || phase == HostPhase.Degraded || phase == HostPhase.Failed) {
            return false;
        }
        return pass.host.status().condition(step.condition())
                .filter(c -> c.isTrue() && c.observedGeneration() == pass.host.generation()).isPresent();
    }

    /** Runs one step and records its duration by step and outcome ({@code dockyard_reconcile_step_seconds}). */
    private StepResult timed(Step step, PassContext pass) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            StepResult result = step.run(pass);
            outcome = switch (result) {
                case StepResult.Done done -> "done";
                case StepResult.Waiting waiting -> "waiting";
                case StepResult.Blocked blocked -> "blocked";
                case StepResult.Failed failed -> failed.error().transientError() ? "transient" : "terminal";
            };
            return result;
        } finally {
            meters.timer("dockyard.reconcile.step", "step", step.condition(), "outcome", outcome)
                    .record(java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Deletes the host's resource group, confirms it is gone, revokes its certificates, then forgets the host. */
    private void deprovision(ClaimedHost host, LeaseKeeper keeper, Instant now) {
        String group = new HostNaming(host.id(), host.name()).resourceGroup();
        HostStatus status = host.status().withPhase(HostPhase.Deleting).withLastReconcileAt(now);
        if (!keeper.held()) {
            return;
        }
        try {
            Deletion deletion = azure.deleteResourceGroup(group, host.id().toString());
            if (deletion == Deletion.IN_PROGRESS) {
                List<HostEventDraft> events = host.status().phase() == HostPhase.Deleting && host.status().lastReconcileAt() != null
                        && host.status().lastError() == null ? List.of()
                        : List.of(HostEventDraft.normal("Deprovisioning", "Deleting resource group " + group));
                leases.complete(keeper.current(), status.withSuccess(), now.plus(settings.inProgressRequeue()), events);
                return;
            }
            int revoked = authority.revokeHost(host.id());
            leases.forget(keeper.current(), List.of(HostEventDraft.normal("Deprovisioned", "Resource group " + group
                    + " is gone; " + revoked + " certificate(s) revoked")));
        } catch (RuntimeException e) {
            AzureError error = e instanceof AzureException azureError ? azureError.error()
                    : new AzureError(AzureErrorKind.TRANSIENT, 0, "InternalError",
                    "Dockyard failed while deprovisioning: " + e.getClass().getSimpleName(), null);
            if (!(e instanceof AzureException)) {
                LOG.log(System.Logger.Level.WARNING, "deprovisioning host " + host.id() + " failed", MessageFreeTrace.of(e));
            }
            Thread.interrupted();
            boolean repeated = host.status().lastError() != null && error.code().equals(host.status().lastError().code());
            HostStatus failed = status.withFailure(new LastError(error.code(), error.message(), error.transientError(), now));
            Instant next = now.plus(error.transientError() ? new Backoff(settings.backoffBase(), settings.backoffCap(),
                    java.util.concurrent.ThreadLocalRandom.current()).after(failed.consecutiveFailures(), error.retryAfter())
                    : settings.terminalRetry());
            leases.complete(keeper.current(), failed, next, repeated ? List.of() : List.of(HostEventDraft.warning(
                    "DeprovisioningFailed", error.code() + ": " + error.message()
                            + (error.transientError() ? "" : ". An admin can forget the host with DELETE ?force=true, "
                            + "leaving its tagged resources in Azure."))));
        }
    }
}
