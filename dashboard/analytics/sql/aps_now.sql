-- Current state and clients of each AP of a site (controllers first). A
-- controller-managed AP's count comes from its latest sample within 15 minutes.
-- params: site_id, now
SELECT a.id AS ap_id, a.name AS ap_name, a.is_controller, a.controller_id, a.model, a.profile,
       st.state, st.state_since,
       coalesce(st.clients, (SELECT s.clients FROM ap_sample s
                             WHERE s.ap_id = a.id AND s.time > %(now)s::timestamptz - interval '15 minutes'
                               AND s.time <= %(now)s::timestamptz
                             ORDER BY s.time DESC LIMIT 1)) AS clients,
       st.last_poll_at, st.last_ok_at, st.last_error_kind, st.sys_uptime_ticks
FROM ap a LEFT JOIN ap_status st ON st.ap_id = a.id
WHERE a.site_id = %(site_id)s AND a.active
ORDER BY a.is_controller DESC, a.name;
