-- Median dwell per visit over several libraries (the analytics layer's
-- dwell.sql over many sites). params: site_ids, start, end (local dates, inclusive)
SELECT count(*)::integer AS visits,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS median_s
FROM visit
WHERE site_id = ANY (%(site_ids)s) AND day BETWEEN %(start)s AND %(end)s;
