-- Down/up events of the sites' APs in the period, plus each AP's last such
-- event before it (to know whether it started the period down). UTC bounds.
SELECT ap_id, time, kind FROM (
    SELECT e.ap_id, e.time, e.kind
    FROM ap_event e JOIN ap a ON a.id = e.ap_id
    WHERE a.site_id = ANY(%(sites)s) AND NOT a.is_controller
      AND e.kind IN ('down', 'up') AND e.time >= %(lo)s AND e.time < %(hi)s
    UNION ALL
    (SELECT DISTINCT ON (e.ap_id) e.ap_id, e.time, e.kind
     FROM ap_event e JOIN ap a ON a.id = e.ap_id
     WHERE a.site_id = ANY(%(sites)s) AND NOT a.is_controller
       AND e.kind IN ('down', 'up') AND e.time < %(lo)s
     ORDER BY e.ap_id, e.time DESC)
) ev
ORDER BY ap_id, time;
