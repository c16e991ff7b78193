INSERT INTO log_quarantine (source, site_id, origin, line, reason, format, dedup)
VALUES (%(source)s, %(site_id)s, %(origin)s, %(line)s, %(reason)s, %(format)s, %(dedup)s)
ON CONFLICT (dedup) DO NOTHING
