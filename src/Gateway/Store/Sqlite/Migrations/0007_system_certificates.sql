-- Client certificates of connected systems (mutual TLS, docs/security.md): a call over TLS that
-- presents one of these certificates and no bearer token authenticates as the system it is bound
-- to. Keyed by the SHA-256 of the certificate's DER, so a certificate belongs to one system only and
-- a renewed certificate needs its own binding. Subject, serial and not_after are kept for listings
-- and messages; the certificate itself is judged afresh (chain, validity, revocation) on use.
CREATE TABLE system_certificates (
    thumbprint  TEXT    NOT NULL PRIMARY KEY,       -- SHA-256 of the certificate DER, upper-case hex
    system_name TEXT    NOT NULL REFERENCES systems (name),
    subject     TEXT    NOT NULL,
    serial      TEXT    NOT NULL,
    not_after   INTEGER NOT NULL,
    bound_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX system_certificates_by_system ON system_certificates (system_name);
