-- Access points of the sites (controllers excluded).
SELECT a.id, a.site_id, s.name AS site, a.name
FROM ap a JOIN site s ON s.id = a.site_id
WHERE a.site_id = ANY(%(sites)s) AND NOT a.is_controller AND a.active
ORDER BY s.name, a.name;
