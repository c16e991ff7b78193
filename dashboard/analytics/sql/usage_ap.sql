-- Usage per AP (SNMP bytes of visits that began on the AP). params: site_id, start, end (dates, inclusive)
SELECT a.id AS ap_id, a.name AS ap_name, a.is_controller,
       coalesce(sum(d.bytes), 0)::bigint AS bytes, coalesce(sum(d.sessions), 0)::integer AS sessions,
       max(d.clients_max) AS clients_max
FROM ap a LEFT JOIN ap_daily d ON d.ap_id = a.id AND d.day BETWEEN %(start)s AND %(end)s
WHERE a.site_id = %(site_id)s AND (a.active OR d.ap_id IS NOT NULL)
GROUP BY a.id, a.name, a.is_controller
ORDER BY a.name;
