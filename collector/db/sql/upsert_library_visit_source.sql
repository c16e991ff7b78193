INSERT INTO library_visit_source AS s (source, state, detail, checked_at, last_ok_at, synced_from, synced_until,
                                      visits, unmapped)
VALUES (%(source)s, %(state)s, %(detail)s, %(now)s, CASE WHEN %(state)s = 'ok' THEN %(now)s END,
        %(from)s, %(until)s, %(visits)s, %(unmapped)s)
ON CONFLICT (source) DO UPDATE SET
    state = EXCLUDED.state,
    detail = EXCLUDED.detail,
    checked_at = EXCLUDED.checked_at,
    last_ok_at = COALESCE(EXCLUDED.last_ok_at, s.last_ok_at),
    synced_from = COALESCE(EXCLUDED.synced_from, s.synced_from),
    synced_until = COALESCE(EXCLUDED.synced_until, s.synced_until),
    visits = COALESCE(EXCLUDED.visits, s.visits),
    unmapped = CASE WHEN EXCLUDED.state = 'ok' THEN EXCLUDED.unmapped ELSE s.unmapped END
