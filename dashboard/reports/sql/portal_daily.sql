-- Per site and local day: successful portal logins, distinct portal users,
-- distinct associated devices (SNMP presence), and devices that logged in
-- without being seen associated that day.
WITH logins AS (
    SELECT pe.site_id, (pe.time AT TIME ZONE st.timezone)::date AS day, pe.device, pe.user_id
    FROM portal_event pe JOIN site st ON st.id = pe.site_id
    WHERE pe.site_id = ANY(%(sites)s) AND pe.kind = 'login'
      AND pe.time >= %(start)s::date - interval '1 day' AND pe.time < %(end)s::date + interval '1 day'
      AND (pe.time AT TIME ZONE st.timezone) >= %(start)s::date
      AND (pe.time AT TIME ZONE st.timezone) < %(end)s::date
), present AS (
    SELECT DISTINCT cs.site_id, (cs.first_seen AT TIME ZONE st.timezone)::date AS day, cs.device
    FROM client_session cs JOIN site st ON st.id = cs.site_id
    WHERE cs.site_id = ANY(%(sites)s)
      AND cs.first_seen >= %(start)s::date - interval '1 day' AND cs.first_seen < %(end)s::date + interval '1 day'
      AND (cs.first_seen AT TIME ZONE st.timezone) >= %(start)s::date
      AND (cs.first_seen AT TIME ZONE st.timezone) < %(end)s::date
)
SELECT d.day,
       coalesce(l.logins, 0) AS logins, coalesce(l.users, 0) AS users,
       coalesce(p.devices, 0) AS devices, coalesce(l.portal_only, 0) AS portal_only
FROM (SELECT day FROM logins UNION SELECT day FROM present) d
LEFT JOIN (
    SELECT day, count(*) AS logins,
           count(DISTINCT (site_id, user_id)) FILTER (WHERE user_id IS NOT NULL) AS users,
           count(DISTINCT (site_id, device)) FILTER (
               WHERE device IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM present pr WHERE pr.site_id = logins.site_id AND pr.day = logins.day
                     AND pr.device = logins.device)) AS portal_only
    FROM logins GROUP BY day
) l ON l.day = d.day
LEFT JOIN (SELECT day, count(*) AS devices FROM present GROUP BY day) p ON p.day = d.day
ORDER BY d.day;
