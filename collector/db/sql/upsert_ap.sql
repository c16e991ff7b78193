-- A configured AP. params: site_id, name, address, port, ap_group, profile
INSERT INTO ap (site_id, name, address, port, ap_group, profile, configured, active)
VALUES (%s, %s, %s, %s, %s, %s, true, true)
ON CONFLICT (site_id, name) DO UPDATE
SET address = EXCLUDED.address, port = EXCLUDED.port, ap_group = EXCLUDED.ap_group,
    profile = EXCLUDED.profile, configured = true, active = true
RETURNING id;
