-- columns: ap_id, site_id, site, timezone, ap, is_controller, controller, state, state_since, clients, clients_last_week, last_poll_at, last_ok_at, uptime_s, last_error_kind, profile, model, availability_30d
-- Every active AP with its current state, and its availability over the last
-- 30 local days as the analytics layer defines it (ap_daily: answered polls /
-- attempted polls during opening hours), and the hourly average of the same hour
-- one week ago (ap_hourly).
WITH av AS (
    SELECT ap_id, sum(polls_ok) / nullif(sum(polls), 0) AS availability_30d
    FROM ap_daily
    WHERE day >= current_date - 30
    GROUP BY ap_id
)
SELECT ap.id AS ap_id, s.id AS site_id, s.name AS site, s.timezone, ap.name AS ap, ap.is_controller,
       c.name AS controller, coalesce(st.state, 'unknown') AS state, st.state_since, st.clients, w.clients_avg AS clients_last_week,
       st.last_poll_at, st.last_ok_at, st.sys_uptime_ticks / 100 AS uptime_s, st.last_error_kind,
       ap.profile, ap.model, av.availability_30d
FROM ap
JOIN site s ON s.id = ap.site_id
LEFT JOIN ap c ON c.id = ap.controller_id
LEFT JOIN ap_status st ON st.ap_id = ap.id
LEFT JOIN av ON av.ap_id = ap.id
LEFT JOIN ap_hourly w ON w.ap_id = ap.id AND w.bucket = date_trunc('hour', now() - interval '7 days')
WHERE ap.active AND s.active
  AND (%(site_id)s::integer IS NULL OR s.id = %(site_id)s::integer)
ORDER BY s.name, ap.is_controller DESC, ap.name
