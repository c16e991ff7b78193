-- params: limit — batches stored whose record time span has not been refreshed yet (oldest first)
SELECT id, first_ts, last_ts FROM edge_batch WHERE NOT refreshed AND first_ts IS NOT NULL
ORDER BY id LIMIT %(limit)s
