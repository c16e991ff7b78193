-- APs of a site whose profile gives no client rows (counts only, or nothing), with the days of the
-- range they were expected to answer, and the site's coverage of the client-level figures.
-- params: site_id, start, end (local dates, inclusive)
SELECT a.id AS ap_id, a.name AS ap_name, a.client_rows, a.profile,
       count(d.day) FILTER (WHERE d.polls_expected > 0)::integer AS days,
       (SELECT sum(s.client_polls_ok) / nullif(sum(s.polls_expected), 0) FROM site_daily s
        WHERE s.site_id = a.site_id AND s.day BETWEEN %(start)s AND %(end)s) AS client_coverage
FROM ap a
LEFT JOIN ap_daily d ON d.ap_id = a.id AND d.day BETWEEN %(start)s AND %(end)s
WHERE a.site_id = %(site_id)s AND NOT a.is_controller AND a.client_rows IN ('counts', 'none')
GROUP BY a.id
ORDER BY a.name;
