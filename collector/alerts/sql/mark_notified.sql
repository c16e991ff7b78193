UPDATE alert SET notified_at = coalesce(notified_at, %(t)s), last_notified_at = %(t)s,
       notify_count = notify_count + 1, next_notify_at = %(next)s, hold_reason = NULL
WHERE id = %(id)s
