-- Portal sessions without a MAC of their own (MikroTik member logins: a user name and an IP) get the
-- device of the DHCP lease that covered their IP at their start: the latest lease event of that IP
-- at the site at or before the start, if it is an assignment (a de-assignment: no lease, no device).
-- Sessions to look at: the ones just written (site, IP, start) and, for lease events that arrived
-- (site, IP, time), the sessions of that IP starting in the
-- week after the event (a lease line later than its login, or a correction). Sessions whose device
-- came from their own lines (device_via NULL, device set) are never touched.
WITH touched AS (
    SELECT ps.id
      FROM unnest(%(s_sites)s::integer[], %(s_ips)s::inet[], %(s_starts)s::timestamptz[]) AS s(site_id, ip, t)
      JOIN portal_session ps ON ps.site_id = s.site_id AND ps.ip = s.ip AND ps.started_at = s.t
    UNION
    SELECT ps.id
      FROM unnest(%(l_sites)s::integer[], %(l_ips)s::inet[], %(l_times)s::timestamptz[]) AS l(site_id, ip, t)
      JOIN portal_session ps ON ps.site_id = l.site_id AND ps.ip = l.ip
       AND ps.started_at >= l.t AND ps.started_at < l.t + interval '7 days'
),
lease AS (
    SELECT ps.id, CASE WHEN e.kind = 'dhcp_assigned' THEN e.device END AS device,
           CASE WHEN e.kind = 'dhcp_assigned' THEN e.randomized END AS randomized
      FROM touched JOIN portal_session ps ON ps.id = touched.id
      LEFT JOIN LATERAL (
          SELECT pe.kind, pe.device, pe.randomized FROM portal_event pe
           WHERE pe.site_id = ps.site_id AND pe.ip = ps.ip AND pe.kind IN ('dhcp_assigned', 'dhcp_deassigned')
             AND pe.time <= ps.started_at AND pe.time > ps.started_at - interval '7 days'
           ORDER BY pe.time DESC, pe.kind = 'dhcp_assigned' DESC
           LIMIT 1) e ON true
     WHERE ps.device IS NULL OR ps.device_via = 'dhcp'
)
UPDATE portal_session ps
   SET device = lease.device, randomized = lease.randomized,
       device_via = CASE WHEN lease.device IS NOT NULL THEN 'dhcp' END
  FROM lease
 WHERE ps.id = lease.id AND ps.device IS DISTINCT FROM lease.device
