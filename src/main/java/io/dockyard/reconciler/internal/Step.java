package io.dockyard.reconciler.internal;

/**
 * One ordered, idempotent step of a pass, owning one condition. A step observes and, where Azure differs from the
 * spec, starts the change — it never waits for a long operation.
 */
interface Step {

    /** The condition this step sets (see {@link io.dockyard.hosts.Condition}). */
    String condition();

    StepResult run(PassContext pass);
}
