-- Per local day of the range: guest-book visits and Wi-Fi figures (site_daily).
-- params: site_id, start, end (UTC, half-open), tz, first, last (local dates)
WITH lib AS (
    SELECT (v.hour AT TIME ZONE %(tz)s)::date AS day, sum(v.visits)::int AS visits
    FROM library_visit_hourly v
    WHERE v.site_id = %(site_id)s AND v.dimension = 'kind' AND v.hour >= %(start)s AND v.hour < %(end)s
    GROUP BY 1
)
SELECT d.day::date AS day, coalesce(lib.visits, 0) AS visits,
       sd.visitors AS wifi_visitors, sd.sessions AS wifi_sessions
FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d(day)
LEFT JOIN lib ON lib.day = d.day::date
LEFT JOIN site_daily sd ON sd.site_id = %(site_id)s AND sd.day = d.day::date
ORDER BY 1
