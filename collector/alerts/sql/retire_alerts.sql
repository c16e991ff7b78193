UPDATE alert SET state = 'resolved', resolved_at = %(t)s, resolution = 'superseded',
       detail = detail || '{"removed": true}'::jsonb
WHERE state = 'firing' AND ap_id = ANY(%(ap_ids)s)
