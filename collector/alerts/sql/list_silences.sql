SELECT l.id, l.starts_at, l.ends_at, s.name AS site, a.name AS ap, l.kind, l.maintenance, l.reason, l.created_by
FROM alert_silence l LEFT JOIN site s ON s.id = l.site_id LEFT JOIN ap a ON a.id = l.ap_id
WHERE l.ends_at > %(t)s
ORDER BY l.starts_at
