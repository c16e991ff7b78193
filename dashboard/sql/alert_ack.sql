-- Acknowledge a firing alert (admin action of the dashboard).
UPDATE alert SET acked_at = now(), acked_by = %(user)s, ack_note = %(note)s
WHERE id = %(id)s AND state = 'firing'
