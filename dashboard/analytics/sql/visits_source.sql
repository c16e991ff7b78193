SELECT source, state, detail, checked_at, last_ok_at, synced_until, visits, unmapped
FROM library_visit_source
ORDER BY source
