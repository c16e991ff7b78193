-- An AP discovered through its controller. params: site_id, name, controller_id, mac, model, serial, seen
-- Returns (id, created).
INSERT INTO ap (site_id, name, controller_id, mac, model, serial, configured, active, first_seen, last_seen)
VALUES (%s, %s, %s, %s, %s, %s, false, true, %s, NULL)
ON CONFLICT (site_id, name) DO UPDATE
SET controller_id = EXCLUDED.controller_id, mac = coalesce(EXCLUDED.mac, ap.mac),
    model = coalesce(EXCLUDED.model, ap.model), serial = coalesce(EXCLUDED.serial, ap.serial), active = true
RETURNING id, (xmax = 0) AS created;
