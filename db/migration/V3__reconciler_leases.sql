-- The reconciler's claim order. A host is due when it holds no lease and next_reconcile_at has come, or when
-- its lease has expired: coalesce(lease_until, next_reconcile_at) <= now(). A claim clears next_reconcile_at
-- (it consumes the wake-up) and an API write during the pass sets it again, so the lease end is what brings
-- back a host whose holder died. This one expression orders the claim (FOR UPDATE SKIP LOCKED ... LIMIT n)
-- and the due-queue metric.
create index hosts_claimable on hosts ((coalesce(lease_until, next_reconcile_at)))
    where coalesce(lease_until, next_reconcile_at) is not null;

-- V1's index for "next_reconcile_at <= now() and not leased" has no reader left: the claim uses the index above.
drop index hosts_due;
