-- columns: ap_id, site_id, site, timezone, ap, is_controller, controller, state, state_since, clients, clients_last_week, last_poll_at, last_ok_at, uptime_s, last_error_kind, profile, model, availability_30d
-- Every active AP with its current state and clients as the query layer defines
-- them (analytics aps_now: a controller-managed AP without a count in its status
-- row takes its latest sample within 15 minutes), its availability over the
-- last 30 local days of its site, today included (analytics ap_availability:
-- answered polls / attempted polls during opening hours, from ap_daily), and
-- the hourly average of the same hour one week ago (ap_hourly).
WITH av AS (
    SELECT d.ap_id, sum(d.polls_ok) / nullif(sum(d.polls), 0) AS availability_30d
    FROM ap_daily d
    JOIN site s ON s.id = d.site_id
    WHERE d.day BETWEEN current_date - 31 AND current_date + 1  -- any zone's last 30 days (an index range)
      AND d.day > (now() AT TIME ZONE s.timezone)::date - 30 AND d.day <= (now() AT TIME ZONE s.timezone)::date
      AND (%(site_id)s::integer IS NULL OR d.site_id = %(site_id)s::integer)
    GROUP BY d.ap_id
)
SELECT ap.id AS ap_id, s.id AS site_id, s.name AS site, s.timezone, ap.name AS ap, ap.is_controller,
       c.name AS controller, coalesce(st.state, 'unknown') AS state, st.state_since,
       coalesce(st.clients, (SELECT x.clients FROM ap_sample x
                             WHERE x.ap_id = ap.id AND x.time > now() - interval '15 minutes' AND x.time <= now()
                             ORDER BY x.time DESC LIMIT 1)) AS clients,
       w.clients_avg AS clients_last_week,
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
