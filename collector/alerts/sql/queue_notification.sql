INSERT INTO notification (alert_id, event, channel, channel_type, language, dedup, subject, body, payload,
                          created_at, next_attempt_at)
VALUES (%(alert_id)s, %(event)s, %(channel)s, %(channel_type)s, %(language)s, %(dedup)s, %(subject)s, %(body)s,
        %(payload)s, %(t)s, %(t)s)
ON CONFLICT (dedup) DO NOTHING
