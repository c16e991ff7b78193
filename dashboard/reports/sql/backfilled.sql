-- params: site_ids, first (date), end (date, exclusive)
-- Villages whose month (in their own time zone) holds records that arrived late (backfilled after a
-- link outage, edge_backfill): they are counted in this month, where their record time puts them.
SELECT s.name AS site,
       kunang_edge_backfilled(s.id, %(first)s::date::timestamp AT TIME ZONE s.timezone,
                              %(end)s::date::timestamp AT TIME ZONE s.timezone) AS records
FROM site s
WHERE s.id = ANY(%(site_ids)s) AND s.edge
ORDER BY s.name
