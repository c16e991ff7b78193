-- Library visits of a site by one dimension (purpose, gender, profession, education, kind).
-- params: site_id, start, end (UTC, half-open), dimension
SELECT v.category, sum(v.visits)::int AS visits
FROM library_visit_hourly v
WHERE v.site_id = %(site_id)s AND v.dimension = %(dimension)s AND v.hour >= %(start)s AND v.hour < %(end)s
GROUP BY v.category
ORDER BY visits DESC, v.category
