-- Reboots per AP in [start, end). params: site_id, start, end
SELECT e.ap_id, count(*)::integer AS reboots
FROM ap_event e JOIN ap a ON a.id = e.ap_id
WHERE a.site_id = %(site_id)s AND e.kind = 'reboot' AND e.time >= %(start)s AND e.time < %(end)s
GROUP BY e.ap_id;
