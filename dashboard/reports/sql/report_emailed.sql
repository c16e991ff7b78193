UPDATE report_file SET emailed_at = %(at)s, recipients = %(recipients)s WHERE id = ANY(%(ids)s);
