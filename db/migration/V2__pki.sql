-- The internal CA: its authorities (root, server-issuing CA, one client CA per host and rotation)
-- with their private keys sealed by the key-encryption key, and a record of every certificate.

create table pki_authorities (
    id              uuid primary key,
    kind            text        not null check (kind in ('root-ca', 'server-ca', 'client-ca')),
    host_id         uuid,                       -- client CAs only
    generation      int         not null default 1, -- client CAs: counts rotations
    serial          text        not null,
    certificate_pem text        not null,
    key_id          text        not null,       -- which key-encryption key sealed the private key
    key_nonce       bytea       not null,
    key_ciphertext  bytea       not null,       -- AES-256-GCM of the PKCS#8 private key
    active          boolean     not null,
    created_at      timestamptz not null,
    check ((kind = 'client-ca') = (host_id is not null))
);
-- One active root, one active server CA, one active client CA per host; the indexes make a second
-- instance that races the first fail instead of creating a second hierarchy.
create unique index pki_one_active_shared on pki_authorities (kind) where active and host_id is null;
create unique index pki_one_active_client_ca on pki_authorities (host_id) where active and host_id is not null;

create table pki_certificates (
    serial             text primary key,        -- lower-case hex, 159 random bits
    kind               text        not null,
    host_id            uuid,
    issuer_serial      text,
    issuer_dn          text        not null,
    subject            text        not null,
    fingerprint_sha256 text        not null,
    not_before         timestamptz not null,
    not_after          timestamptz not null,
    revoked_at         timestamptz,
    requested_by       text        not null,
    created_at         timestamptz not null
);
create index pki_certificates_host on pki_certificates (host_id, kind, created_at);
create index pki_certificates_issuer on pki_certificates (host_id, issuer_serial) where revoked_at is null;
create index pki_certificates_revoked on pki_certificates (revoked_at) where revoked_at is not null;

-- CRL numbers must increase (RFC 5280 5.2.3), whichever instance signs the CRL.
create sequence pki_crl_number;
