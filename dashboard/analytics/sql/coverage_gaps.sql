-- Gaps in the raw samples: stretches longer than `min_gap_s` without an answered
-- poll of an AP, from the raw samples (kept retention.raw_samples_days).
-- params: site_id, start, end (timestamptz), min_gap_s, ap_id
WITH ok AS (
    SELECT s.ap_id, s.time
    FROM ap_sample s JOIN ap a ON a.id = s.ap_id
    WHERE a.site_id = %(site_id)s AND s.reachable AND s.time >= %(start)s AND s.time < %(end)s
      AND (%(ap_id)s::integer IS NULL OR s.ap_id = %(ap_id)s::integer)
), g AS (
    SELECT ap_id, time AS gap_start,
           lead(time) OVER (PARTITION BY ap_id ORDER BY time) AS gap_end
    FROM ok
)
SELECT g.ap_id, a.name AS ap_name, g.gap_start, g.gap_end,
       extract(epoch FROM g.gap_end - g.gap_start) / 60.0 AS minutes
FROM g JOIN ap a ON a.id = g.ap_id
WHERE g.gap_end - g.gap_start > make_interval(secs => %(min_gap_s)s)
ORDER BY g.gap_start, a.name;
