-- A LAN sensor's session as it is now (collector/sensing/store.py).
UPDATE client_session
SET last_seen = greatest(last_seen, %(last_seen)s), closed = %(closed)s, polls = polls + 1,
    device_type = coalesce(%(device_type)s, device_type), hostname = coalesce(%(hostname)s, hostname)
WHERE id = %(id)s;
