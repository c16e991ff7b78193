UPDATE alert_silence SET ends_at = greatest(starts_at + interval '1 second', %(t)s)
WHERE id = %(id)s AND ends_at > %(t)s
RETURNING id
