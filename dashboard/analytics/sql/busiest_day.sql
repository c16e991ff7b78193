-- The day with the most visitors (ties: the earlier). params: site_id, start, end (dates, inclusive)
SELECT day, visitors, sessions
FROM site_daily
WHERE site_id = %(site_id)s AND day BETWEEN %(start)s AND %(end)s AND visitors > 0
ORDER BY visitors DESC, sessions DESC, day
LIMIT 1;
