-- Per AP per day: coverage, availability, usage. params: site_id, start, end (dates, inclusive), ap_id
SELECT d.*, a.name AS ap_name, a.is_controller
FROM ap_daily d JOIN ap a ON a.id = d.ap_id
WHERE d.site_id = %(site_id)s AND d.day BETWEEN %(start)s AND %(end)s
  AND (%(ap_id)s::integer IS NULL OR d.ap_id = %(ap_id)s::integer)
ORDER BY a.name, d.day;
