-- Dead letters are few and kept until replayed or purged; this index lets the metrics sampler and
-- `gateway dead-letters list` count and find them without reading every delivery ever made.
CREATE INDEX deliveries_dead ON deliveries (document_seq) WHERE state = 3;
