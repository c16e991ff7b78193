INSERT INTO alert_tracker (subject, data, updated_at) VALUES (%(subject)s, %(data)s, %(t)s)
ON CONFLICT (subject) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
