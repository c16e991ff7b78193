-- Daily figures of one site. params: site_id, start, end (local dates, inclusive)
SELECT d.*
FROM site_daily d
WHERE d.site_id = %(site_id)s AND d.day BETWEEN %(start)s AND %(end)s
ORDER BY d.day;
