-- columns: id, kind, subject, site, ap, timezone, opened_at, resolved_at, resolution, acked_by
SELECT a.id, a.kind, a.subject, s.name AS site, p.name AS ap, coalesce(s.timezone, 'UTC') AS timezone,
       a.opened_at, a.resolved_at, a.resolution, a.acked_by
FROM alert a
LEFT JOIN site s ON s.id = a.site_id
LEFT JOIN ap p ON p.id = a.ap_id
WHERE a.state = 'resolved' AND a.opened_at >= now() - interval '30 days'
ORDER BY a.opened_at DESC
LIMIT 1000
