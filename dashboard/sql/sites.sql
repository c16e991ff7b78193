-- columns: site_id, site, grp, timezone, opening_hours, holidays
SELECT id AS site_id, name AS site, grp, timezone, opening_hours, holidays
FROM site
WHERE active
ORDER BY name
