-- Dockyard's first schema: hosts with spec/status/lease columns, their events and secrets,
-- idempotency keys and API tokens.

create table api_tokens (
    id          uuid primary key,
    token_hash  bytea       not null unique,
    prefix      text        not null,
    team        text        not null,
    role        text        not null check (role in ('user', 'admin')),
    description text        not null default '',
    created_at  timestamptz not null,
    created_by  text,
    expires_at  timestamptz not null,
    revoked_at  timestamptz
);

create table hosts (
    id                    uuid primary key,             -- UUIDv7: time-ordered, the keyset for paging
    team                  text        not null,
    name                  text        not null,
    location              text        not null,
    spec                  json        not null,         -- public view as written (json keeps field order); secrets live in host_secrets
    generation            bigint      not null default 1,
    version               bigint      not null default 1, -- optimistic lock and ETag; bumps on every write
    phase                 text        not null default 'Pending',
    status                json        not null default '{}'::json,
    next_reconcile_at     timestamptz,
    lease_owner           text,
    lease_until           timestamptz,
    deletion_requested_at timestamptz,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);

-- A name is unique within a team among hosts not being deleted; a deleting host frees its name
-- because every Azure name derives from the host id, not the name.
create unique index hosts_team_name_live on hosts (team, name) where deletion_requested_at is null;
create index hosts_team_id on hosts (team, id);
create index hosts_team_phase_id on hosts (team, phase, id);
create index hosts_team_location_id on hosts (team, location, id);
create index hosts_phase_id on hosts (phase, id);
create index hosts_location_id on hosts (location, id);
create index hosts_name_id on hosts (name, id);
-- Due hosts for the reconciler: next_reconcile_at <= now() and no live lease.
create index hosts_due on hosts (next_reconcile_at) where next_reconcile_at is not null;
create index hosts_lease on hosts (lease_until) where lease_owner is not null;

create table host_events (
    id         bigint generated always as identity primary key,
    host_id    uuid        not null,   -- no foreign key: events outlive a deleted host until retention ends
    team       text        not null,
    at         timestamptz not null,
    type       text        not null check (type in ('Normal', 'Warning')),
    reason     text        not null,
    message    text        not null,
    generation bigint      not null,
    principal  text
);
create index host_events_host on host_events (host_id, id);
create index host_events_at on host_events (at);

create table host_secrets (
    host_id    uuid  not null references hosts (id) on delete cascade,
    name       text  not null,
    key_id     text  not null,
    nonce      bytea not null,
    ciphertext bytea not null,
    primary key (host_id, name)
);

create table idempotency_keys (
    scope           text        not null,   -- the caller's subject
    key             text        not null,
    request_hash    bytea       not null,
    response_status int,
    response_body   text,
    location        text,
    etag            text,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    primary key (scope, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);
