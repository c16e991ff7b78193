-- columns: site_id, site, ap_id, ap, day, polls_expected, polls_ok, coverage
-- Coverage per AP per local day (ap_daily, as defined by the analytics layer:
-- answered polls / expected polls during opening hours), for one site or all.
SELECT s.id AS site_id, s.name AS site, a.id AS ap_id, a.name AS ap, d.day, d.polls_expected, d.polls_ok, d.coverage
FROM ap_daily d
JOIN ap a ON a.id = d.ap_id
JOIN site s ON s.id = d.site_id
WHERE d.day >= %(start)s AND d.day <= %(end)s AND NOT a.is_controller AND s.active
  AND (%(site_id)s::integer IS NULL OR s.id = %(site_id)s::integer)
ORDER BY s.name, a.name, d.day
