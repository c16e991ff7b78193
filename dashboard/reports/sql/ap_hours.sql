-- Hourly AP rollup rows of a period (controllers excluded), with local time.
SELECT a.site_id, a.id AS ap_id, h.bucket AT TIME ZONE st.timezone AS local_hour,
       h.polls, h.reachable_polls, h.clients_avg, h.clients_max
FROM ap_hourly h
JOIN ap a ON a.id = h.ap_id
JOIN site st ON st.id = a.site_id
WHERE a.site_id = ANY(%(sites)s) AND NOT a.is_controller
  AND h.bucket >= %(start)s::date - interval '1 day'
  AND h.bucket < %(end)s::date + interval '1 day'
  AND (h.bucket AT TIME ZONE st.timezone) >= %(start)s::date
  AND (h.bucket AT TIME ZONE st.timezone) < %(end)s::date;
