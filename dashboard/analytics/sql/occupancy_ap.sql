-- Occupancy per AP per hour. params: site_id, start, end, ap_id (NULL = all), min_polls
SELECT h.bucket, h.ap_id, a.name AS ap_name, a.is_controller, h.clients_avg, h.clients_max,
       h.polls, h.reachable_polls, h.reachable_polls < %(min_polls)s AS incomplete
FROM ap_hourly h JOIN ap a ON a.id = h.ap_id
WHERE a.site_id = %(site_id)s AND h.bucket >= %(start)s AND h.bucket < %(end)s
  AND (%(ap_id)s::integer IS NULL OR h.ap_id = %(ap_id)s::integer)
ORDER BY h.bucket, a.name;
