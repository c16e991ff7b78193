-- One site. params: site_id
SELECT id AS site_id, name, grp, timezone, opening_hours, holidays, active
FROM site WHERE id = %(site_id)s;
