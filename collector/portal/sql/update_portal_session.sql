UPDATE portal_session
   SET device = %(device)s, randomized = %(randomized)s, user_id = %(user_id)s, session_key = %(session_key)s,
       started_at = %(started_at)s, ended_at = %(ended_at)s, last_update = %(last_update)s,
       bytes_in = %(bytes_in)s, bytes_out = %(bytes_out)s, duration_s = %(duration_s)s,
       end_reason = %(end_reason)s, open = %(open)s, ip = %(ip)s
 WHERE id = %(id)s
