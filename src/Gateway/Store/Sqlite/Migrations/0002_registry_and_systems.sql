-- Times in these tables are INTEGER milliseconds since the Unix epoch (UTC): they compare and index
-- as numbers, with no text format to get wrong.

-- Organisations of the registry. Codes are stored exactly as written (strict QĐ 20/2020 form, or a
-- tolerant form where the gateway is configured to accept it).
CREATE TABLE organizations (
    code        TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    parent_code TEXT,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Other codes that mean the same organisation, e.g. its legacy QCVN 102 code (code102). An alias is
-- never also an organisation's own code.
CREATE TABLE organization_aliases (
    alias TEXT NOT NULL PRIMARY KEY,
    code  TEXT NOT NULL REFERENCES organizations (code) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX organization_aliases_by_code ON organization_aliases (code);

-- Code succession (provinces and communes merged on 1 July 2025 and their codes reissued): from
-- effective_at on, documents for `code` go to its successor; with several successors (a split), sends
-- to `code` are refused naming them.
CREATE TABLE organization_successions (
    code           TEXT    NOT NULL REFERENCES organizations (code),
    successor_code TEXT    NOT NULL REFERENCES organizations (code),
    effective_at   INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL,
    PRIMARY KEY (code, successor_code),
    CHECK (code <> successor_code)
) STRICT, WITHOUT ROWID;

-- Connected systems: agencies' document-management systems. The bearer token is never stored: only
-- its public id (to find the row) and a salted hash of its secret part.
CREATE TABLE systems (
    name       TEXT    NOT NULL PRIMARY KEY,
    token_id   TEXT    NOT NULL UNIQUE,
    token_salt BLOB    NOT NULL,
    token_hash BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT, WITHOUT ROWID;

-- The org codes a system may send as and receive for.
CREATE TABLE system_orgs (
    system_name TEXT NOT NULL REFERENCES systems (name),
    org_code    TEXT NOT NULL REFERENCES organizations (code),
    PRIMARY KEY (system_name, org_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX system_orgs_by_org ON system_orgs (org_code);
