INSERT INTO portal_event (time, site_id, source, kind, device, randomized, user_id, mac_raw, user_raw, ip,
                          bytes_in, bytes_out, duration_s, reason, session_key, format, origin, dedup)
SELECT time, site_id, source, kind, device, randomized, user_id, mac_raw, user_raw, ip,
       bytes_in, bytes_out, duration_s, reason, session_key, format, origin, dedup
  FROM portal_event_in
ON CONFLICT (dedup, time) DO NOTHING
RETURNING dedup
