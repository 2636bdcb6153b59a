-- Certificates an operator bound to organisation codes (`gateway orgs bind-cert`), in addition to the
-- codes a certificate carries itself as subject organizationIdentifier attributes. Keyed by the
-- SHA-256 of the certificate's DER: a renewed certificate needs its own binding, so a binding never
-- outlives the key it was made for.
CREATE TABLE certificate_bindings (
    thumbprint TEXT    NOT NULL,                 -- SHA-256 of the certificate DER, upper-case hex
    org_code   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    serial     TEXT    NOT NULL,
    not_after  INTEGER NOT NULL,
    bound_at   INTEGER NOT NULL,
    PRIMARY KEY (thumbprint, org_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX certificate_bindings_by_org ON certificate_bindings (org_code);

-- The certificate whose signature the gateway verified for each document (null when the signature
-- was not verified: signatures not required and none given).
ALTER TABLE documents ADD COLUMN signer_thumbprint TEXT;
