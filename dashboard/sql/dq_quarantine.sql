-- columns: received_at, source, origin, reason, line
-- The newest quarantined log lines (MAC-like strings already pseudonymised).
SELECT received_at, source, origin, reason, line
FROM log_quarantine
ORDER BY received_at DESC
LIMIT %(limit)s
