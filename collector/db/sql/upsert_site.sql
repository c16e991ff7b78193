-- params: name, grp, timezone, opening_hours, holidays, key, edge
-- (a key another, unconfigured site held passes to this one: see release_site_key)
INSERT INTO site (name, grp, timezone, opening_hours, holidays, key, edge, active, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, true, now())
ON CONFLICT (name) DO UPDATE
SET grp = EXCLUDED.grp, timezone = EXCLUDED.timezone, opening_hours = EXCLUDED.opening_hours,
    holidays = EXCLUDED.holidays, key = EXCLUDED.key, edge = EXCLUDED.edge, active = true, updated_at = now()
RETURNING id;
