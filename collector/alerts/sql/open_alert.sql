INSERT INTO alert (kind, subject, site_id, ap_id, rule, opened_at, detail)
VALUES (%(kind)s, %(subject)s, %(site_id)s, %(ap_id)s, %(rule)s, %(t)s, %(detail)s)
ON CONFLICT (kind, subject) WHERE state = 'firing' DO NOTHING
RETURNING id
