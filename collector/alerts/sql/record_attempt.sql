INSERT INTO notification_attempt (notification_id, time, ok, duration_ms, error, response)
VALUES (%(id)s, %(t)s, %(ok)s, %(ms)s, %(error)s, %(response)s)
