UPDATE notification SET status = %(status)s, attempts = attempts + 1, last_error = %(error)s,
       next_attempt_at = %(next)s
WHERE id = %(id)s
