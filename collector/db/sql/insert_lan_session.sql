-- A LAN sensor's new client session (collector/sensing/store.py).
INSERT INTO client_session (site_id, device, randomized, mac_raw, hostname, device_type, first_seen, last_seen,
                            closed, polls, source)
VALUES (%(site_id)s, %(device)s, %(randomized)s, %(mac_raw)s, %(hostname)s, %(device_type)s, %(first_seen)s,
        %(last_seen)s, %(closed)s, 1, 'lan')
RETURNING id;
