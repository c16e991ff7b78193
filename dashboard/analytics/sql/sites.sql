-- Sites of a group (all sites when group is NULL). params: group
SELECT id AS site_id, name, grp, timezone, active
FROM site
WHERE %(group)s::text IS NULL OR grp = %(group)s::text
ORDER BY name;
