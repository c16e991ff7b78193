-- Distinct devices over a date range. params: site_id, start, end (local dates, inclusive)
SELECT count(DISTINCT device)::integer AS devices,
       (count(DISTINCT device) FILTER (WHERE is_visitor))::integer AS visitors,
       (count(DISTINCT device) FILTER (WHERE is_visitor AND randomized))::integer AS randomized_visitors,
       (count(DISTINCT device) FILTER (WHERE is_visitor AND is_returning))::integer AS returning_visitors,
       (count(DISTINCT device) FILTER (WHERE is_visitor AND source = 'snmp'))::integer AS snmp_only,
       (count(DISTINCT device) FILTER (WHERE is_visitor AND source = 'portal'))::integer AS portal_only,
       (count(*) FILTER (WHERE is_visitor))::integer AS visitor_days
FROM device_day
WHERE site_id = %(site_id)s AND day BETWEEN %(start)s AND %(end)s;
