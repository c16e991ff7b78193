-- Visits (device x site x local day present >= M minutes) of a period, with
-- dwell, data and whether the device is returning (seen at the same site on
-- another day within the previous R days). Bounds are local dates [start, end).
WITH s AS (
    SELECT cs.site_id, cs.device, cs.randomized,
           (cs.first_seen AT TIME ZONE st.timezone)::date AS day,
           extract(epoch FROM cs.last_seen - cs.first_seen) / 60.0 AS minutes
    FROM client_session cs
    JOIN site st ON st.id = cs.site_id
    WHERE cs.site_id = ANY(%(sites)s)
      AND cs.first_seen >= %(start)s::date - interval '1 day'
      AND cs.first_seen < %(end)s::date + interval '1 day'
      AND (cs.first_seen AT TIME ZONE st.timezone) >= %(start)s::date
      AND (cs.first_seen AT TIME ZONE st.timezone) < %(end)s::date
)
SELECT v.site_id, v.device, v.day, v.randomized, v.minutes,
       EXISTS (
           SELECT 1 FROM client_session p JOIN site ps ON ps.id = p.site_id
           WHERE p.device = v.device AND p.site_id = v.site_id
             AND p.first_seen >= v.day - %(window)s * interval '1 day' - interval '1 day'
             AND p.first_seen < v.day + interval '1 day'
             AND (p.first_seen AT TIME ZONE ps.timezone)::date >= v.day - %(window)s
             AND (p.first_seen AT TIME ZONE ps.timezone)::date < v.day
       ) AS returning
FROM (
    SELECT site_id, device, day, bool_or(randomized) AS randomized, sum(minutes) AS minutes
    FROM s
    GROUP BY site_id, device, day
    HAVING sum(minutes) >= %(min_minutes)s
) v;
