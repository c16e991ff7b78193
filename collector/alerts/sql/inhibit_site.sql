UPDATE alert SET inhibited_by = %(site_alert)s
WHERE state = 'firing' AND site_id = %(site_id)s AND ap_id IS NOT NULL AND inhibited_by IS NULL
