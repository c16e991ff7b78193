-- Sites of a report: all active sites, or the one named (name NULL = all).
SELECT id, name, timezone, opening_hours, holidays
FROM site
WHERE active AND (%(name)s::text IS NULL OR name = %(name)s::text)
ORDER BY name;
