SELECT id, kind, subject, site_id, ap_id, rule, state, opened_at, resolved_at, resolution, detail,
       inhibited_by, hold_reason, notified_at, notify_count, next_notify_at, acked_at
FROM alert WHERE NOT closed_out
ORDER BY state = 'resolved' DESC, id
