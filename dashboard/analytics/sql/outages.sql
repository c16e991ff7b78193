-- Outages (down .. next up) overlapping [start, end), clipped to it; an outage
-- with no `up` yet is ongoing until `end` (or now). params: site_id, start, end, ap_id
WITH ev AS (
    SELECT e.ap_id, e.time, e.kind,
           lead(e.time) OVER (PARTITION BY e.ap_id ORDER BY e.time) AS next_time,
           lead(e.kind) OVER (PARTITION BY e.ap_id ORDER BY e.time) AS next_kind
    FROM ap_event e JOIN ap a ON a.id = e.ap_id
    WHERE a.site_id = %(site_id)s AND e.kind IN ('down', 'up') AND e.time < %(end)s
      AND (%(ap_id)s::integer IS NULL OR e.ap_id = %(ap_id)s::integer)
)
SELECT ev.ap_id, a.name AS ap_name, ev.time AS started_at,
       CASE WHEN ev.next_kind = 'up' THEN ev.next_time END AS ended_at,
       ev.next_kind IS DISTINCT FROM 'up' AS ongoing,
       extract(epoch FROM least(coalesce(CASE WHEN ev.next_kind = 'up' THEN ev.next_time END,
                                         least(%(end)s::timestamptz, now())), %(end)s::timestamptz)
                          - greatest(ev.time, %(start)s::timestamptz)) / 60.0 AS minutes
FROM ev JOIN ap a ON a.id = ev.ap_id
WHERE ev.kind = 'down'
  AND coalesce(CASE WHEN ev.next_kind = 'up' THEN ev.next_time END, 'infinity') > %(start)s
ORDER BY ev.time;
