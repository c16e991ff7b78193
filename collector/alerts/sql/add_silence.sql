INSERT INTO alert_silence (created_at, created_by, starts_at, ends_at, site_id, ap_id, kind, maintenance, reason)
VALUES (%(t)s, %(by)s, %(starts_at)s, %(ends_at)s, %(site_id)s, %(ap_id)s, %(kind)s, %(maintenance)s, %(reason)s)
RETURNING id
