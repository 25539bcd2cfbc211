package io.dockyard.reconciler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.dockyard.azure.AzureError;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.LastError;

/**
 * Turns how the pass ended into the host's summary: the phase derived from the conditions and the error, the
 * {@code Ready} condition, the error record, and when to look again — soon while Azure works, with backoff after
 * a transient failure (never before Retry-After), slowly after a terminal one, and for a settled host at its
 * resync or certificate renewal, whichever is first.
 */
final class PassOutcome {

    /** The longest wait between looks at a running operation, in in-progress requeues. */
    static final int MAX_POLL_REQUEUES = 10;
    private final PassSettings settings;
    private final Backoff backoff;
    private final OperationPacing pacing;

    PassOutcome(PassSettings settings, Backoff backoff, OperationPacing pacing) {
        this.settings = settings;
        this.backoff = backoff;
        this.pacing = pacing;
    }

    /** The next time, stamped into the status by the caller's write. */
    Instant finish(PassContext pass, StepResult result) {
        HostStatus before = pass.host.status();
        boolean wasReady = before.holds(Condition.READY) || before.phase() == HostPhase.Ready
                || before.phase() == HostPhase.Updating;
        boolean specMoved = pass.host.generation() > before.observedGeneration();
        HostStatus status = pass.status().withLastReconcileAt(pass.now);
        Instant next;
        HostPhase phase;
        switch (result) {
            case StepResult.Done done -> {
                pass.status(status);
                pass.condition(Condition.READY, ConditionStatus.True, "HostReady",
                        "Docker answers at " + pass.docker().endpoint());
                status = pass.status().withSuccess().withObservedGeneration(pass.host.generation());
                phase = HostPhase.Ready;
                next = settledNext(pass);
            }
            case StepResult.Waiting waiting -> {
                pass.status(status);
                pass.condition(Condition.READY, ConditionStatus.False, waiting.reason(), waiting.message());
                status = pass.status().withSuccess();
                phase = wasReady ? HostPhase.Updating : HostPhase.Provisioning;
                if (waiting.started() != null && pass.waitingStep() != null) {
                    pacing.started(pass.host.id(), pass.waitingStep(), waiting.started(),
                            pass.host.status().lastReconcileAt(), pass.now);
                }
                Duration after = pollAfter(pass);
                if (waiting.retryAfter() != null && waiting.retryAfter().compareTo(after) > 0) {
                    after = waiting.retryAfter();
                }
                next = pass.now.plus(after);
            }
            case StepResult.Blocked blocked -> {
                pass.status(status);
                pass.condition(Condition.READY, ConditionStatus.False, "Degraded", blocked.message());
                status = pass.status().withSuccess().withObservedGeneration(pass.host.generation());
                phase = HostPhase.Degraded;
                if (before.phase() != HostPhase.Degraded) {
                    pass.event(HostEventDraft.warning(blocked.reason(), blocked.message()));
                }
                next = settledNext(pass);
            }
            case StepResult.Failed failed -> {
                AzureError error = failed.error();
                pass.status(status);
                pass.condition(Condition.READY, ConditionStatus.False, error.transientError() ? "Retrying" : "Failed",
                        error.code() + ": " + error.message());
                status = pass.status().withFailure(new LastError(error.code(), error.message(), error.transientError(),
                        pass.now));
                boolean repeated = before.lastError() != null && Objects.equals(before.lastError().code(), error.code());
                if (!repeated) {
                    pass.event(HostEventDraft.warning(error.transientError() ? "ReconcileRetrying" : "ReconcileFailed",
                            error.code() + ": " + error.message()));
                }
                if (error.transientError()) {
                    phase = wasReady ? (specMoved ? HostPhase.Updating : HostPhase.Degraded) : HostPhase.Provisioning;
                    next = pass.now.plus(backoff.after(status.consecutiveFailures(), error.retryAfter()));
                } else {
                    phase = HostPhase.Failed;
                    status = status.withObservedGeneration(pass.host.generation());
                    next = pass.now.plus(settings.terminalRetry());
                }
            }
        }
        if (!(result instanceof StepResult.Waiting)) {
            pacing.forget(pass.host.id());
        }
        pass.status(status.withPhase(phase));
        return next;
    }

    /**
     * How soon to look again at an operation Azure is still working on. When this instance started it, when such
     * operations usually end ({@link OperationPacing}); otherwise the in-progress requeue at first, then half of how
     * long the step has been waiting, up to ten requeues. Polling at a fixed interval would make a large batch spend
     * ARM's read budget (25 a second) on asking "done yet?" long before its writes run out.
     */
    private Duration pollAfter(PassContext pass) {
        Duration first = settings.inProgressRequeue();
        Duration cap = first.multipliedBy(MAX_POLL_REQUEUES);
        if (pass.waitingStep() != null) {
            Duration paced = pacing.nextLook(pass.host.id(), pass.waitingStep(), pass.now, first, cap);
            if (paced != null) {
                return paced;
            }
        }
        Instant since = pass.waitingStep() == null ? null : pass.status().condition(pass.waitingStep())
                .map(io.dockyard.hosts.Condition::lastTransitionTime).orElse(null);
        if (since == null || !since.isBefore(pass.now)) {
            return first;
        }
        Duration half = Duration.between(since, pass.now).dividedBy(2);
        return half.compareTo(first) < 0 ? first : half.compareTo(cap) > 0 ? cap : half;
    }

    /**
     * A settled host needs no pass of its own for drift — the fleet-wide check wakes it when Azure differs — only
     * a full resync now and then, and one when its server certificate is due for renewal, whichever comes first.
     */
    private Instant settledNext(PassContext pass) {
        Instant next = pass.now.plus(Jitter.around(settings.resyncInterval()));
        Instant renewal = settings.renewalDue(pass.status().certificates());
        if (renewal != null && renewal.isBefore(next)) {
            Instant soonest = pass.now.plus(settings.inProgressRequeue());
            next = renewal.isAfter(soonest) ? renewal : soonest;
        }
        return next;
    }
}
