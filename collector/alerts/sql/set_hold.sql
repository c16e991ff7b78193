UPDATE alert SET hold_reason = %(hold)s WHERE id = %(id)s AND hold_reason IS DISTINCT FROM %(hold)s
