-- Periodic records of where the event chain ended: its last event, how many events it held, and the
-- chain hash there. A chain that later ends before a checkpoint, or disagrees with one, was cut or
-- rewritten. Checkpoints are not signed yet (the gateway's own signing key comes with signatures);
-- until then they catch truncation and accidents, not an attacker who can also rewrite this table.
CREATE TABLE audit_checkpoints (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_seq   INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
