INSERT INTO portal_session (site_id, source, device, randomized, user_id, session_key, started_at, ended_at,
                            last_update, bytes_in, bytes_out, duration_s, end_reason, open, ip, format)
VALUES (%(site_id)s, %(source)s, %(device)s, %(randomized)s, %(user_id)s, %(session_key)s, %(started_at)s,
        %(ended_at)s, %(last_update)s, %(bytes_in)s, %(bytes_out)s, %(duration_s)s, %(end_reason)s, %(open)s,
        %(ip)s, %(format)s)
RETURNING id
