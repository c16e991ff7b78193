-- Weekday x hour heatmap of site occupancy (local time; weekday 0 = Monday).
-- params: site_id, tz, start, end (timestamptz, half-open)
SELECT (extract(isodow FROM h.bucket AT TIME ZONE %(tz)s)::integer - 1) AS weekday,
       extract(hour FROM h.bucket AT TIME ZONE %(tz)s)::integer AS hour,
       avg(h.clients_avg) AS clients_avg, max(h.clients_max) AS clients_max, count(*)::integer AS hours
FROM site_hourly h
WHERE h.site_id = %(site_id)s AND h.bucket >= %(start)s AND h.bucket < %(end)s
GROUP BY 1, 2 ORDER BY 1, 2;
