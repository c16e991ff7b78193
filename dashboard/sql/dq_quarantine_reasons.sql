-- columns: source, reason, lines, last_seen
SELECT source, reason, count(*) AS lines, max(received_at) AS last_seen
FROM log_quarantine
WHERE received_at >= now() - interval '30 days'
GROUP BY source, reason
ORDER BY lines DESC
