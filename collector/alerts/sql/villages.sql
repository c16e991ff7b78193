-- villages (edge sites) and their state by the one rule (kunang_edge_status); a village that never
-- reported counts from %(started)s (the manager's start), like a silent portal source
SELECT s.id AS site_id, s.name AS site, l.last_contact,
       kunang_edge_status(coalesce(l.last_contact, %(started)s), l.spool_oldest, %(now)s,
                          make_interval(hours => %(hours)s)) AS status
FROM edge_link l JOIN site s ON s.id = l.site_id
WHERE s.edge AND s.active
ORDER BY s.id
