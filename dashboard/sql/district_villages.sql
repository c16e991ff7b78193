-- columns: site_id, site, grp, timezone, edge_id, last_contact, spool_oldest, behind_hours, spool_records, spool_dropped, batches_rejected, backfilled_records, backfilled_last, status, late_minutes
-- Village libraries reporting through an edge (sites[].edge, docs/district.md): the state of each by
-- the one rule kunang_edge_status (collector/db/functions/edge.sql); behind_hours: how far the data
-- stored here lags (the edge's oldest unacknowledged record, or the last contact of a silent edge);
-- backfilled: records of batches received in the last 30 days that arrived late (edge_backfill).
SELECT s.id AS site_id, s.name AS site, s.grp, s.timezone, l.edge_id, l.last_contact, l.spool_oldest,
       extract(epoch FROM (%(now)s - CASE
           WHEN l.spool_oldest IS NOT NULL THEN least(l.spool_oldest, %(now)s)
           WHEN st.status = 'silent' THEN coalesce(l.last_contact, %(now)s)
           ELSE %(now)s END)) / 3600.0 AS behind_hours,
       l.spool_records, l.spool_dropped, l.batches_rejected,
       coalesce(b.records, 0) AS backfilled_records, b.last AS backfilled_last, st.status,
       (extract(epoch FROM kunang_edge_late_after()) / 60)::integer AS late_minutes
FROM edge_link l
JOIN site s ON s.id = l.site_id
CROSS JOIN LATERAL (SELECT kunang_edge_status(l.last_contact, l.spool_oldest, %(now)s) AS status) st
LEFT JOIN LATERAL (
    SELECT sum(f.records)::bigint AS records, max(f.received_at) AS last
    FROM edge_backfill f
    WHERE f.site_id = s.id AND f.received_at >= %(now)s - interval '30 days' AND f.received_at <= %(now)s
) b ON true
WHERE s.edge AND s.active AND (%(grp)s::text IS NULL OR s.grp = %(grp)s::text)
ORDER BY CASE st.status WHEN 'silent' THEN 0 WHEN 'late' THEN 1 ELSE 2 END, s.name
