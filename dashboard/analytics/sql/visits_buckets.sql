-- Library visits (INLISLite guest book) of a site per local hour/day/month.
-- params: site_id, start, end (UTC, half-open), tz, unit ('hour' | 'day' | 'month')
SELECT date_trunc(%(unit)s, v.hour AT TIME ZONE %(tz)s) AS bucket,
       sum(v.visits)::int AS visits,
       coalesce(sum(v.visits) FILTER (WHERE v.category = 'individual'), 0)::int AS individual,
       coalesce(sum(v.visits) FILTER (WHERE v.category = 'group'), 0)::int AS "group"
FROM library_visit_hourly v
WHERE v.site_id = %(site_id)s AND v.dimension = 'kind' AND v.hour >= %(start)s AND v.hour < %(end)s
GROUP BY 1
ORDER BY 1
