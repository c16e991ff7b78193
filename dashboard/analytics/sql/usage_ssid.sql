-- Usage per SSID (visits grouped by the SSID of their first SNMP session;
-- visits seen only by the portal have no SSID). params: site_id, start, end (dates, inclusive)
SELECT ssid, sum(bytes)::bigint AS bytes, sum(snmp_bytes)::bigint AS snmp_bytes,
       sum(portal_bytes)::bigint AS portal_bytes, count(*)::integer AS sessions
FROM visit
WHERE site_id = %(site_id)s AND day BETWEEN %(start)s AND %(end)s
GROUP BY ssid
ORDER BY bytes DESC, ssid;
