-- The store's identity: one row naming this store, so that audit checkpoints, receipts and peers can
-- tell one gateway's history from another's.
CREATE TABLE store_identity (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    store_id    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
) STRICT;
