UPDATE alert SET inhibited_by = NULL WHERE inhibited_by = %(site_alert)s
