-- a device from a DHCP lease (device_via) is not the session's own: the pairer keeps the session without it
SELECT s.id, s.source, s.started_at, s.last_update, st.name AS site,
       CASE WHEN s.device_via IS NULL THEN s.device END AS device, s.user_id, host(s.ip) AS ip,
       s.session_key, s.bytes_in, s.bytes_out, s.duration_s, s.format,
       CASE WHEN s.device_via IS NULL THEN s.randomized END AS randomized
  FROM portal_session s
  LEFT JOIN site st ON st.id = s.site_id
 WHERE s.open
 ORDER BY s.started_at
