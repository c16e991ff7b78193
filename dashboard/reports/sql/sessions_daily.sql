-- Sessions and data per site and local day (a session belongs to the day and
-- the AP where it started).
SELECT cs.site_id, cs.first_ap_id AS ap_id,
       (cs.first_seen AT TIME ZONE st.timezone)::date AS day,
       count(*) AS sessions, coalesce(sum(cs.rx_bytes + cs.tx_bytes), 0)::bigint AS bytes
FROM client_session cs
JOIN site st ON st.id = cs.site_id
WHERE cs.site_id = ANY(%(sites)s)
  AND cs.first_seen >= %(start)s::date - interval '1 day'
  AND cs.first_seen < %(end)s::date + interval '1 day'
  AND (cs.first_seen AT TIME ZONE st.timezone) >= %(start)s::date
  AND (cs.first_seen AT TIME ZONE st.timezone) < %(end)s::date
GROUP BY 1, 2, 3;
