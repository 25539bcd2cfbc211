package io.dockyard.reconciler.internal;

/** TEMPORARY STUB. */
interface LeaseKeeper {
    boolean held();

    io.dockyard.hosts.Lease current();
}
