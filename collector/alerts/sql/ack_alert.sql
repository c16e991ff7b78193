UPDATE alert SET acked_at = %(t)s, acked_by = %(by)s, ack_note = %(note)s
WHERE id = %(id)s AND acked_at IS NULL
RETURNING id
