-- Late (backfilled) village data counts on the days and in the month it belongs to: the analytics of
-- a batch's record time span are refreshed again once it is stored (collector/district/backfill.py,
-- run with the collector's analytics refresh). `refreshed` marks the batches whose span was done.
ALTER TABLE edge_batch ADD COLUMN refreshed boolean NOT NULL DEFAULT false;
CREATE INDEX edge_batch_pending_idx ON edge_batch (id) WHERE NOT refreshed;
