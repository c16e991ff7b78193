-- A sensor starting: its sessions left open by the previous run end where they were last seen.
UPDATE client_session SET closed = true WHERE source = 'lan' AND NOT closed AND site_id = %s;
