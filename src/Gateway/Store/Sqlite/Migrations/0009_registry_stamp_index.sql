-- The registry's change stamp: the largest updated_at tells a running gateway whether the registry
-- changed (another process imported or succeeded codes). With this index that is a few page reads
-- instead of a scan of every organisation.
CREATE INDEX organizations_by_stamp ON organizations (updated_at);
