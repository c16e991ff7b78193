-- columns: received_at, site, timezone, source, origin, reason, line
-- The newest quarantined log lines of every site (MAC-like strings already pseudonymised by the portal store).
SELECT q.received_at, s.name AS site, s.timezone, q.source, q.origin, q.reason, q.line
FROM log_quarantine q
LEFT JOIN site s ON s.id = q.site_id
ORDER BY q.received_at DESC
LIMIT %(limit)s
