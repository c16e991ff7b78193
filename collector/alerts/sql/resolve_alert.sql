UPDATE alert SET state = 'resolved', resolved_at = %(t)s, resolution = %(resolution)s,
       detail = detail || %(detail)s
WHERE kind = %(kind)s AND subject = %(subject)s AND state = 'firing'
RETURNING id
