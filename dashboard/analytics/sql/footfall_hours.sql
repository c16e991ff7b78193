-- Sensed footfall of a site by local hour of day: the average per hour the sensor heard anything.
-- Estimates. params: site_id, tz, start, end (UTC instants, half-open)
SELECT extract(hour FROM h.hour AT TIME ZONE %(tz)s)::int AS hour_of_day,
       count(*)::int AS hours,
       avg(h.passers_by)::float8 AS passers_by,
       avg(h.visitors)::float8 AS visitors,
       avg(h.connected)::float8 AS connected
FROM probe_hourly h
WHERE h.site_id = %(site_id)s AND h.hour >= %(start)s AND h.hour < %(end)s
GROUP BY 1
ORDER BY 1
