-- Small payloads (up to Store:SmallPayloadBytes) live in the database, written in the same
-- transaction as their document: one fsync for a whole commit batch instead of a file, its fsync and
-- its directory's fsync per document. Larger payloads stay content-addressed files under blobs/.
-- Keyed by SHA-256 like the files, so identical payloads are stored once.
CREATE TABLE payloads (
    sha256 BLOB PRIMARY KEY,
    bytes  BLOB NOT NULL
);
