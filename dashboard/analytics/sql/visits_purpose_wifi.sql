-- Wi-Fi use by visit purpose, where hours line up: each local hour's Wi-Fi
-- visitors (devices that were visitors that day, present in the hour) and
-- their Wi-Fi minutes in the hour are shared among the hour's guest-book
-- purposes in proportion to their visits.
-- params: site_id, start, end (UTC, half-open)
WITH v AS (
    SELECT hour, category AS purpose, visits
    FROM library_visit_hourly
    WHERE site_id = %(site_id)s AND dimension = 'purpose' AND hour >= %(start)s AND hour < %(end)s
), tot AS (
    SELECT hour, sum(visits)::float8 AS total FROM v GROUP BY hour
), w AS (
    SELECT h.hour, count(DISTINCT vi.device) AS devices,
           sum(extract(epoch FROM least(vi.ended_at, h.hour + interval '1 hour') - greatest(vi.started_at, h.hour)) / 60.0)
               AS minutes
    FROM visit vi
    JOIN device_day dd ON dd.site_id = vi.site_id AND dd.day = vi.day AND dd.device = vi.device AND dd.is_visitor
    CROSS JOIN LATERAL generate_series(date_trunc('hour', vi.started_at), vi.ended_at, interval '1 hour') AS h(hour)
    WHERE vi.site_id = %(site_id)s AND vi.started_at < %(end)s AND vi.ended_at > %(start)s
      AND h.hour < vi.ended_at AND h.hour >= %(start)s AND h.hour < %(end)s
      AND h.hour IN (SELECT hour FROM tot)
    GROUP BY h.hour
)
SELECT v.purpose, sum(v.visits)::int AS visits,
       sum(coalesce(w.devices, 0) * v.visits / tot.total) AS wifi_visitors,
       sum(coalesce(w.minutes, 0) * v.visits / tot.total) AS wifi_minutes,
       count(DISTINCT v.hour) FILTER (WHERE w.hour IS NOT NULL) AS hours_with_wifi
FROM v JOIN tot USING (hour) LEFT JOIN w USING (hour)
GROUP BY v.purpose
ORDER BY visits DESC, v.purpose
