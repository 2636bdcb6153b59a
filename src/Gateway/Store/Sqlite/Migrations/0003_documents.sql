-- Accepted documents. `seq` is the store sequence named in receipts: AUTOINCREMENT so that a number,
-- once handed out, is never reused even after deletions.
CREATE TABLE documents (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    sender           TEXT    NOT NULL,
    client_reference TEXT    NOT NULL,
    submitted_by     TEXT    NOT NULL,                -- connected system that sent it
    header           BLOB    NOT NULL,                -- signed header bytes, exactly as received
    signature        BLOB    NOT NULL,                -- detached CMS over `header` (may be empty)
    signature_checked INTEGER NOT NULL CHECK (signature_checked IN (0, 1)),
    header_digest    BLOB    NOT NULL,                -- SHA-256 of `header`
    payload_sha256   BLOB    NOT NULL,                -- names the blob file under blobs/
    payload_size     INTEGER NOT NULL,
    priority         INTEGER NOT NULL,                -- edXML 0-4
    business_type    INTEGER NOT NULL,                -- edXML 0-3
    referenced_id    TEXT,                            -- for revoke, update, replace
    expires_at       INTEGER,
    accepted_at      INTEGER NOT NULL,
    UNIQUE (sender, client_reference)
) STRICT;
CREATE INDEX documents_by_payload ON documents (payload_sha256);

-- Status updates on documents (edXML 01-06, 13, 15, 16): 01 is written by the gateway when a
-- recipient acknowledges; the others are reported with UpdateStatus.
CREATE TABLE statuses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    from_org     TEXT    NOT NULL,
    to_org       TEXT    NOT NULL,
    code         INTEGER NOT NULL,
    description  TEXT    NOT NULL,
    staff        BLOB,                               -- serialized axis.v1.StaffInfo, when given
    reported_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX statuses_by_document ON statuses (document_seq);

-- The unit of delivery, acknowledgement and retry: a document for one final recipient, or a status
-- for one organisation (status_id set).
CREATE TABLE deliveries (
    id               TEXT    NOT NULL PRIMARY KEY,    -- stable delivery id, kept across redeliveries
    document_seq     INTEGER NOT NULL REFERENCES documents (seq),
    status_id        INTEGER REFERENCES statuses (id),
    recipient        TEXT    NOT NULL,                -- the code it is delivered to
    requested        TEXT    NOT NULL,                -- the code the sender wrote
    redirect_effective_at INTEGER,                    -- set when `requested` was succeeded by `recipient`
    priority         INTEGER NOT NULL,
    state            INTEGER NOT NULL DEFAULT 0,      -- 0 queued, 1 leased, 2 acked, 3 dead-lettered
    attempts         INTEGER NOT NULL DEFAULT 0,
    visible_at       INTEGER NOT NULL,                -- not offered before: lease end or backoff
    settled_at       INTEGER,
    dead_reason      TEXT
) STRICT, WITHOUT ROWID;
-- One copy of a document per final recipient.
CREATE UNIQUE INDEX deliveries_one_copy ON deliveries (document_seq, recipient) WHERE status_id IS NULL;
-- A recipient's queue: highest priority first, then acceptance order.
CREATE INDEX deliveries_queue ON deliveries (recipient, priority DESC, document_seq) WHERE state < 2;

-- Everything that happens to a document, in order: accepted, queued, redirected, delivered (leased),
-- acked, nacked, rejected, dead_lettered, status. GetTrace reads it. Each event's hash covers the
-- previous event's hash and its own fields, so the table is a hash chain: editing or deleting a past
-- event breaks every later link.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    at           INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    org          TEXT    NOT NULL DEFAULT '',
    delivery_id  TEXT    NOT NULL DEFAULT '',
    attempt      INTEGER NOT NULL DEFAULT 0,
    status       INTEGER NOT NULL DEFAULT 0,
    detail       TEXT    NOT NULL DEFAULT '',
    hash         BLOB    NOT NULL
) STRICT;
CREATE INDEX events_by_document ON events (document_seq, seq);
