package io.dockyard.reconciler.internal;

/** TEMPORARY STUB. */
@FunctionalInterface
interface HostPass {
    void run(io.dockyard.hosts.ClaimedHost host, LeaseKeeper lease);
}
