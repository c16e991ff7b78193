-- Sensed footfall (802.11 probe requests) of a site per local day: docs/metrics.md "Sensed footfall".
-- Estimates. params: site_id, first, last (local dates, both included)
SELECT day, hours, probing, nearby, randomized, matched, passers_by, visitors, connected,
       rssi_threshold, min_dwell_s
FROM probe_daily
WHERE site_id = %(site_id)s AND day BETWEEN %(first)s AND %(last)s
ORDER BY day
