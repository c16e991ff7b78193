SELECT id, alert_id, event, channel, channel_type, subject, body, payload, attempts
FROM notification WHERE status = 'pending' AND next_attempt_at <= %(now)s
ORDER BY id LIMIT %(limit)s
