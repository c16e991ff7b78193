-- The INLISLite guest book's pull state (`kunang visits status`).
SELECT state, detail, checked_at, last_ok_at, synced_until, visits, unmapped
FROM library_visit_source WHERE source = 'inlislite'
