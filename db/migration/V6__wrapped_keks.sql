-- Key-encryption keys wrapped by an Azure Key Vault key (envelope encryption). Key Vault keeps the RSA key and never
-- hands it out; Dockyard generates the AES key that seals its secrets, stores it here only in wrapped form, and asks
-- Key Vault to unwrap it once per start. A rotation of the vault key re-wraps the row; the AES key, and so every
-- sealed value, stays as it is.
create table pki_wrapped_keks (
    kek_id       text primary key,              -- the key id recorded with every value sealed under it, e.g. kv-3f9c0a1b2d4e
    vault_key    text        not null unique,   -- the vault key without version: one data key per vault key, so
                                                -- instances starting together insert-if-absent and share the winner's
    vault_key_id text        not null,          -- the key version that wrapped it (https://<vault>/keys/<name>/<version>)
    algorithm    text        not null,          -- Key Vault's wrap algorithm, RSA-OAEP-256
    wrapped_key  bytea       not null,
    created_at   timestamptz not null default now(),
    rewrapped_at timestamptz                    -- last re-wrap under a newer version of the vault key
);
