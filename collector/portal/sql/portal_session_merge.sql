UPDATE portal_session s
   SET device = u.device, randomized = u.randomized, user_id = u.user_id, session_key = u.session_key,
       started_at = u.started_at, ended_at = u.ended_at, last_update = u.last_update,
       bytes_in = u.bytes_in, bytes_out = u.bytes_out, duration_s = u.duration_s,
       end_reason = u.end_reason, open = u.open, ip = u.ip
  FROM portal_session_up u
 WHERE s.id = u.id
