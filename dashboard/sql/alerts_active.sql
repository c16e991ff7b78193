-- columns: id, kind, subject, site, ap, ap_id, timezone, opened_at, detail, acked_at, acked_by, silenced_until
-- Firing alerts, newest first, with the silence covering each (if any).
SELECT a.id, a.kind, a.subject, s.name AS site, p.name AS ap, a.ap_id, coalesce(s.timezone, 'UTC') AS timezone,
       a.opened_at, a.detail::text AS detail, a.acked_at, a.acked_by,
       (SELECT max(x.ends_at) FROM alert_silence x
        WHERE x.starts_at <= now() AND x.ends_at > now()
          AND (x.site_id IS NULL OR x.site_id = a.site_id) AND (x.ap_id IS NULL OR x.ap_id = a.ap_id)
          AND (x.kind IS NULL OR x.kind = a.kind)) AS silenced_until
FROM alert a
LEFT JOIN site s ON s.id = a.site_id
LEFT JOIN ap p ON p.id = a.ap_id
WHERE a.state = 'firing'
ORDER BY a.opened_at DESC
LIMIT 1000
