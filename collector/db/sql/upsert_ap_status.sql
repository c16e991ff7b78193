-- params: ap_id, state, t, failures, successes, t(poll), reachable, error_kind, error, clients, uptime
INSERT INTO ap_status AS s (ap_id, state, state_since, consecutive_failures, consecutive_successes,
                            last_poll_at, last_ok_at, last_error_kind, last_error, clients, sys_uptime_ticks)
VALUES (%(ap_id)s, %(state)s, %(t)s, %(fails)s, %(oks)s, %(t)s,
        CASE WHEN %(reachable)s THEN %(t)s END, %(error_kind)s, %(error)s, %(clients)s, %(uptime)s)
ON CONFLICT (ap_id) DO UPDATE
SET state = EXCLUDED.state,
    state_since = CASE WHEN s.state = EXCLUDED.state THEN s.state_since ELSE EXCLUDED.state_since END,
    consecutive_failures = EXCLUDED.consecutive_failures,
    consecutive_successes = EXCLUDED.consecutive_successes,
    last_poll_at = EXCLUDED.last_poll_at,
    last_ok_at = coalesce(EXCLUDED.last_ok_at, s.last_ok_at),
    last_error_kind = EXCLUDED.last_error_kind,
    last_error = EXCLUDED.last_error,
    clients = EXCLUDED.clients,
    sys_uptime_ticks = coalesce(EXCLUDED.sys_uptime_ticks, s.sys_uptime_ticks);
