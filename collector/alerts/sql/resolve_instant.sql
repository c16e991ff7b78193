UPDATE alert SET state = 'resolved', resolved_at = %(t)s, resolution = 'event', closed_out = true, hold_reason = NULL
WHERE id = %(id)s
