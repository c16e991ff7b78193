-- A controller-managed AP's state as its controller reports it. params: ap_id, up, t, clients
INSERT INTO ap_status AS s (ap_id, state, state_since, last_poll_at, last_ok_at, controller_up, clients)
VALUES (%(ap_id)s, CASE WHEN %(up)s IS false THEN 'down' ELSE 'up' END, %(t)s, %(t)s,
        CASE WHEN %(up)s IS NOT false THEN %(t)s END, %(up)s, %(clients)s)
ON CONFLICT (ap_id) DO UPDATE
SET state = EXCLUDED.state,
    state_since = CASE WHEN s.state = EXCLUDED.state THEN s.state_since ELSE EXCLUDED.state_since END,
    last_poll_at = EXCLUDED.last_poll_at,
    last_ok_at = coalesce(EXCLUDED.last_ok_at, s.last_ok_at),
    controller_up = EXCLUDED.controller_up,
    clients = EXCLUDED.clients;
