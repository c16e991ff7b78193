-- Occupancy per SSID per hour, summed over the site's APs (clients_max is the
-- sum of the APs' maxima: an upper bound). params: site_id, start, end
SELECT h.bucket, h.ssid, sum(h.clients_avg) AS clients_avg, sum(h.clients_max)::integer AS clients_max,
       count(DISTINCT h.ap_id)::integer AS aps
FROM ssid_hourly h JOIN ap a ON a.id = h.ap_id
WHERE a.site_id = %(site_id)s AND h.bucket >= %(start)s AND h.bucket < %(end)s
GROUP BY h.bucket, h.ssid
ORDER BY h.bucket, h.ssid;
