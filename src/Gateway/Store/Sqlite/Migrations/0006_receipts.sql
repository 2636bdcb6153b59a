-- Batches of receipts: the documents of one group commit share one Merkle tree whose root the
-- gateway signed once (docs/receipts.md). The optional RFC 3161 token over the root signature is
-- added after the commit, when a timestamp authority is configured and answers.
CREATE TABLE receipt_batches (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    root            BLOB    NOT NULL,
    root_signature  BLOB    NOT NULL,
    leaf_count      INTEGER NOT NULL,
    signed_at       INTEGER NOT NULL,
    timestamp_token BLOB
) STRICT;

-- Each document's signed receipt exactly as first returned (serialized axis.v1.Receipt, leaf and
-- proof included, root signature and timestamp left in its batch row), so a retry gets the same
-- signed receipt back.
ALTER TABLE documents ADD COLUMN receipt_batch INTEGER REFERENCES receipt_batches (id);
ALTER TABLE documents ADD COLUMN receipt BLOB;

-- Checkpoints are signed with the gateway's receipt key over their canonical bytes
-- (docs/receipts.md); rows from before signing have none.
ALTER TABLE audit_checkpoints ADD COLUMN signature BLOB;
