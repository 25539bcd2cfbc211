-- The fleet-wide drift check runs on one instance per round, whichever claims the round first once next_at has
-- come: a claim sets owner and lease_until, the end of the round sets next_at and clears the lease. An instance
-- that dies mid-round leaves an expired lease, and the round is claimed again.
create table reconciler_rounds (
    name        text primary key,
    owner       text,
    lease_until timestamptz,
    next_at     timestamptz not null
);

insert into reconciler_rounds (name, next_at) values ('drift-check', now());
