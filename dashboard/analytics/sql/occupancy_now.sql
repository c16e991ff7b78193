-- Current clients per site: sum over the APs that are not controllers and are
-- up, of ap_status.clients, or for controller-managed APs (whose status rows
-- carry no count) of their latest sample within 15 minutes. Also the site's
-- average occupancy in the same hour a week earlier.
-- params: site_id (NULL = all sites), group (NULL = any), now
WITH per_ap AS (
    SELECT a.site_id, a.id, st.state, st.last_poll_at,
           coalesce(st.clients, (SELECT s.clients FROM ap_sample s
                                 WHERE s.ap_id = a.id AND s.time > %(now)s::timestamptz - interval '15 minutes'
                                   AND s.time <= %(now)s::timestamptz
                                 ORDER BY s.time DESC LIMIT 1)) AS clients
    FROM ap a LEFT JOIN ap_status st ON st.ap_id = a.id
    WHERE a.active AND NOT a.is_controller
)
SELECT s.id AS site_id, s.name AS site, s.grp,
       coalesce(sum(p.clients) FILTER (WHERE p.state = 'up'), 0)::integer AS clients,
       (count(*) FILTER (WHERE p.state = 'up'))::integer AS aps_up,
       (count(*) FILTER (WHERE p.state = 'down'))::integer AS aps_down,
       count(p.id)::integer AS aps,
       max(p.last_poll_at) AS last_poll_at,
       (SELECT h.clients_avg FROM site_hourly h
        WHERE h.site_id = s.id AND h.bucket = date_trunc('hour', %(now)s::timestamptz - interval '7 days'))
           AS clients_same_hour_last_week
FROM site s
LEFT JOIN per_ap p ON p.site_id = s.id
WHERE s.active AND (%(site_id)s::integer IS NULL OR s.id = %(site_id)s::integer)
  AND (%(group)s::text IS NULL OR s.grp = %(group)s::text)
GROUP BY s.id, s.name, s.grp
ORDER BY s.name;
