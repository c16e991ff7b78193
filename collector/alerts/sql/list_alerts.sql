SELECT al.id, al.kind, al.state, al.opened_at, al.resolved_at, al.resolution, s.name AS site, a.name AS ap,
       al.detail, al.hold_reason, al.notified_at, al.notify_count, al.acked_at, al.acked_by,
       al.inhibited_by
FROM alert al LEFT JOIN site s ON s.id = al.site_id LEFT JOIN ap a ON a.id = al.ap_id
WHERE (%(all)s OR al.state = 'firing' OR al.opened_at > %(since)s)
ORDER BY al.id DESC
LIMIT %(limit)s
