-- Samples of the simulated fleet's sites in a period (the backfill refuses to write over them).
-- %(since)s, %(until)s: timestamptz, %(sites)s: text[]
SELECT count(*)
FROM ap_sample s
JOIN ap a ON a.id = s.ap_id
JOIN site x ON x.id = a.site_id
WHERE s.time >= %(since)s AND s.time < %(until)s AND x.name = ANY(%(sites)s)
