-- Site occupancy per hour. params: site_id, start, end (timestamptz, half-open)
SELECT h.bucket, h.clients_avg, h.clients_max, h.aps, n.aps AS aps_expected,
       h.aps < n.aps AS incomplete
FROM site_hourly h
CROSS JOIN (SELECT count(*)::integer AS aps FROM ap
            WHERE site_id = %(site_id)s AND active AND NOT is_controller) n
WHERE h.site_id = %(site_id)s AND h.bucket >= %(start)s AND h.bucket < %(end)s
ORDER BY h.bucket;
