-- Guest-book visits and Wi-Fi figures of several sites over local days (each
-- site's own time zone), for ranking libraries by both.
-- params: site_ids, first, last (local dates, both included)
WITH lib AS (
    SELECT v.site_id, (v.hour AT TIME ZONE s.timezone)::date AS day, sum(v.visits) AS visits
    FROM library_visit_hourly v JOIN site s ON s.id = v.site_id
    WHERE v.site_id = ANY(%(site_ids)s) AND v.dimension = 'kind'
      AND v.hour >= (%(first)s::date - 1)::timestamptz AND v.hour < (%(last)s::date + 2)::timestamptz
    GROUP BY 1, 2
), wifi AS (
    SELECT site_id, day, visitors, sessions FROM site_daily
    WHERE site_id = ANY(%(site_ids)s) AND day BETWEEN %(first)s AND %(last)s
), days AS (
    SELECT coalesce(l.site_id, w.site_id) AS site_id, coalesce(l.day, w.day) AS day,
           coalesce(l.visits, 0) AS visits, coalesce(w.visitors, 0) AS visitors, coalesce(w.sessions, 0) AS sessions
    FROM (SELECT * FROM lib WHERE day BETWEEN %(first)s AND %(last)s) l
    FULL JOIN wifi w ON w.site_id = l.site_id AND w.day = l.day
)
SELECT s.id AS site_id, s.name, coalesce(sum(d.visits), 0)::int AS visits,
       coalesce(sum(d.visitors), 0)::int AS wifi_visitor_days, coalesce(sum(d.sessions), 0)::int AS wifi_sessions,
       coalesce(sum(d.visitors) FILTER (WHERE d.visits > 0), 0)::int AS wifi_visitor_days_with_visits,
       count(*) FILTER (WHERE d.visits > 0)::int AS days_with_visits
FROM site s LEFT JOIN days d ON d.site_id = s.id
WHERE s.id = ANY(%(site_ids)s)
GROUP BY s.id, s.name
ORDER BY visits DESC, s.name
