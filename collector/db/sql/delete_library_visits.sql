DELETE FROM library_visit_hourly
WHERE site_id = ANY(%(sites)s) AND hour >= %(start)s AND hour < %(end)s
