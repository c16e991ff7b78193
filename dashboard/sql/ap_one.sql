-- columns: ap_id, site_id, site, timezone, ap, is_controller, controller, address, model, profile, serial, sys_descr, state, state_since, clients, last_poll_at, last_ok_at, uptime_s, last_error_kind, last_error, first_seen
SELECT ap.id AS ap_id, s.id AS site_id, s.name AS site, s.timezone, ap.name AS ap, ap.is_controller,
       c.name AS controller, ap.address, ap.model, ap.profile, ap.serial, ap.sys_descr,
       coalesce(st.state, 'unknown') AS state, st.state_since, st.clients, st.last_poll_at, st.last_ok_at,
       st.sys_uptime_ticks / 100 AS uptime_s, st.last_error_kind, st.last_error, ap.first_seen
FROM ap
JOIN site s ON s.id = ap.site_id
LEFT JOIN ap c ON c.id = ap.controller_id
LEFT JOIN ap_status st ON st.ap_id = ap.id
WHERE ap.id = %(ap_id)s
