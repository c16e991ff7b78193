-- The local hour of day with the highest average site occupancy.
-- params: site_id, tz, start, end (timestamptz, half-open)
SELECT extract(hour FROM h.bucket AT TIME ZONE %(tz)s)::integer AS hour,
       avg(h.clients_avg) AS clients_avg, max(h.clients_max) AS clients_max
FROM site_hourly h
WHERE h.site_id = %(site_id)s AND h.bucket >= %(start)s AND h.bucket < %(end)s
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1
LIMIT 1;
