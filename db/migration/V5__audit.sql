-- The audit trail: one row for every accepted change and every credential handed out. Rows are written in the
-- transaction of the change they describe, so a rolled-back change leaves no row and a committed one always has
-- one. "at" is the database's clock (the transaction's start), so instances with skewed clocks still agree.
-- details holds non-secret facts only (field names, serials, lifetimes), never a secret's value.
create table audit_records (
    id              bigint generated always as identity primary key,   -- the keyset for paging
    at              timestamptz not null default now(),
    principal       text        not null,           -- the caller's subject, e.g. token:<id>, or who minted a token at startup
    principal_teams text[]      not null default '{}',
    action          text        not null,           -- e.g. host.created, token.revoked
    target_type     text        not null,           -- host | token
    target_id       text        not null,
    target_team     text,                           -- the team the target belongs to
    request_id      text,                           -- the X-Request-Id of the HTTP request; null for startup work
    -- Every row records an accepted change: a refused request rolls back with its transaction and stores nothing.
    outcome         text        not null default 'succeeded',
    details         jsonb       not null default '{}'::jsonb
);

-- GET /api/v1/audit filters on one of these and pages by id, newest first.
create index audit_records_target_team on audit_records (target_team, id);
create index audit_records_principal_teams on audit_records using gin (principal_teams);
create index audit_records_principal on audit_records (principal, id);
create index audit_records_target on audit_records (target_id, id);
create index audit_records_action on audit_records (action, id);
create index audit_records_at on audit_records (at);
create index audit_records_request on audit_records (request_id) where request_id is not null;

-- Append-only: no statement may rewrite history. Only the retention purge deletes, and it says so by setting
-- dockyard.audit_purge for its own transaction (set_config(..., true)).
create function audit_records_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('dockyard.audit_purge', true) = 'on' then
        return old;
    end if;
    raise exception 'audit_records is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_records_append_only before update or delete on audit_records
    for each row execute function audit_records_append_only();
