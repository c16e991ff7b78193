-- params: name, grp, timezone, opening_hours, holidays
INSERT INTO site (name, grp, timezone, opening_hours, holidays, active, updated_at)
VALUES (%s, %s, %s, %s, %s, true, now())
ON CONFLICT (name) DO UPDATE
SET grp = EXCLUDED.grp, timezone = EXCLUDED.timezone, opening_hours = EXCLUDED.opening_hours,
    holidays = EXCLUDED.holidays, active = true, updated_at = now()
RETURNING id;
