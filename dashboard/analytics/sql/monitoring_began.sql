-- The local day monitoring of a site began: its first polled AP, or its first day with polls or sessions.
-- params: site_id
SELECT least(
    (SELECT (min(a.first_seen) AT TIME ZONE s.timezone)::date FROM ap a WHERE a.site_id = s.id),
    (SELECT min(d.day) FROM site_daily d WHERE d.site_id = s.id AND (d.polls_ok > 0 OR d.sessions > 0))
) AS began
FROM site s WHERE s.id = %(site_id)s;
