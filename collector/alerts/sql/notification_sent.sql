UPDATE notification SET status = 'sent', sent_at = %(t)s, attempts = attempts + 1, last_error = NULL
WHERE id = %(id)s
