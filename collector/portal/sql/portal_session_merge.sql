-- a device the session got from a DHCP lease (device_via = 'dhcp', attach_leases.sql) stays while the
-- session's own lines name none
UPDATE portal_session s
   SET device = CASE WHEN u.device IS NULL AND s.device_via = 'dhcp' THEN s.device ELSE u.device END,
       randomized = CASE WHEN u.device IS NULL AND s.device_via = 'dhcp' THEN s.randomized ELSE u.randomized END,
       device_via = CASE WHEN u.device IS NULL THEN s.device_via END,
       user_id = u.user_id, session_key = u.session_key,
       started_at = u.started_at, ended_at = u.ended_at, last_update = u.last_update,
       bytes_in = u.bytes_in, bytes_out = u.bytes_out, duration_s = u.duration_s,
       end_reason = u.end_reason, open = u.open, ip = u.ip
  FROM portal_session_up u
 WHERE s.id = u.id
