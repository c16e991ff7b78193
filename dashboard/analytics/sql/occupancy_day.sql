-- Site occupancy per local day: average over the hours with data, peak.
-- params: site_id, tz, start, end (timestamptz, half-open)
SELECT (h.bucket AT TIME ZONE %(tz)s)::date AS day, avg(h.clients_avg) AS clients_avg,
       max(h.clients_max) AS clients_max, count(*)::integer AS hours
FROM site_hourly h
WHERE h.site_id = %(site_id)s AND h.bucket >= %(start)s AND h.bucket < %(end)s
GROUP BY 1 ORDER BY 1;
