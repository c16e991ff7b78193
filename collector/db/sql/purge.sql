-- retention: device rows, raw samples, rollups before their cut-offs; whether to delete hypertable rows (functions/retention.sql)
SELECT kunang_purge(%s, %s, %s, %s, true);
