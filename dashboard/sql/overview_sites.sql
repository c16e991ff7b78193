-- columns: site_id, site, grp, timezone, aps, aps_up, aps_down, clients_now, clients_last_week, last_poll
-- Live occupancy per site: current clients of its APs that are up and were
-- answered recently (controllers never counted), and the site's hourly
-- average occupancy (site_hourly) of the same hour one week ago.
WITH a AS (
    SELECT ap.site_id,
           count(*) FILTER (WHERE NOT ap.is_controller) AS aps,
           count(*) FILTER (WHERE NOT ap.is_controller AND st.state = 'up') AS aps_up,
           count(*) FILTER (WHERE NOT ap.is_controller AND st.state = 'down') AS aps_down,
           sum(st.clients) FILTER (WHERE NOT ap.is_controller AND st.state = 'up'
                                   AND st.last_ok_at > now() - make_interval(secs => %(stale_s)s)) AS clients_now,
           max(st.last_poll_at) AS last_poll
    FROM ap
    LEFT JOIN ap_status st ON st.ap_id = ap.id
    WHERE ap.active
    GROUP BY ap.site_id
)
SELECT s.id AS site_id, s.name AS site, s.grp, s.timezone,
       coalesce(a.aps, 0) AS aps, coalesce(a.aps_up, 0) AS aps_up, coalesce(a.aps_down, 0) AS aps_down,
       a.clients_now, w.clients_avg AS clients_last_week, a.last_poll
FROM site s
LEFT JOIN a ON a.site_id = s.id
LEFT JOIN site_hourly w ON w.site_id = s.id AND w.bucket = date_trunc('hour', now() - interval '7 days')
WHERE s.active
ORDER BY s.name
