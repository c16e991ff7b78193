SELECT s.id, s.source, s.started_at, s.last_update, st.name AS site, s.device, s.user_id, host(s.ip) AS ip,
       s.session_key, s.bytes_in, s.bytes_out, s.duration_s, s.format, s.randomized
  FROM portal_session s
  LEFT JOIN site st ON st.id = s.site_id
 WHERE s.open
 ORDER BY s.started_at
