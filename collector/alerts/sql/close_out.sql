UPDATE alert SET closed_out = true, hold_reason = NULL WHERE id = %(id)s
