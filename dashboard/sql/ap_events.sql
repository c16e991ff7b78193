-- columns: time, kind, detail
-- State changes, reboots and controller events of one AP, newest first.
SELECT time, kind, detail::text AS detail
FROM ap_event
WHERE ap_id = %(ap_id)s AND time >= %(start)s AND time < %(end)s
ORDER BY time DESC
LIMIT 500
