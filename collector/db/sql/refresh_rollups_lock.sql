-- the lock Kunang's rollup refreshes take in both modes (plain: functions/rollups.sql, transaction-level),
-- session-level here around TimescaleDB's refresh, which cannot run in a transaction
SELECT pg_advisory_lock(hashtext('kunang_refresh_rollups'));
