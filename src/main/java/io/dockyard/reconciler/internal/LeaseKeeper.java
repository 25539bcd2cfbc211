package io.dockyard.reconciler.internal;

import io.dockyard.hosts.Lease;
import java.util.Objects;

/**
 * A pass's view of its claim while the loop keeps it alive in the background: whether it still holds the host,
 * and the lease to write with. It exists so that a pass never has to renew anything itself and still learns at
 * once when it has lost the host.
 */
public interface LeaseKeeper {

    /**
     * False once a renewal was refused (another instance took the host after the lease lapsed, or it was
     * force-deleted) or could not be confirmed before the lease would run out; it never turns true again. The pass
     * must then stop calling Azure and stop writing.
     */
    boolean held();

    /**
     * The lease to pass to every {@code HostLeases} write. Its token stays the same for the whole pass; its
     * {@code until} is the one from the claim (renewals move the end in the database only).
     */
    Lease current();

    /** A keeper that always holds {@code lease}: for running a pass outside the loop (tests, tools). */
    static LeaseKeeper steady(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        return new LeaseKeeper() {
            @Override
            public boolean held() {
                return true;
            }

            @Override
            public Lease current() {
                return lease;
            }
        };
    }
}
