-- releases refresh_rollups_lock's lock
SELECT pg_advisory_unlock(hashtext('kunang_refresh_rollups'));
