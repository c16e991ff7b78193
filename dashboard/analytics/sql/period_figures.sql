-- Headline figures per site for a date range. For a whole calendar month
-- (whole_month = true) unique visitors and dwell come from site_monthly, for
-- other ranges they are counted from device_day / visit.
-- The estimated median dwell (dwell_median_est_s) is over the range's visits with the estimated stay of
-- blind-AP days (visit.dwell_est_s, the measured dwell on other days), weighted for the visits no source saw
-- (kunang_dwell_weight, kunang_weighted_median: collector/db/functions/dwell_estimate.sql); NULL without any
-- estimated visit.
-- The sessions estimate's variance (sessions_unseen_var) is the sum of its days' variances (days are
-- independent; NULL without any day with an unseen-visit estimate): the range is made of it in Python
-- (dashboard.analytics.summary.sessions_range), with sessions_maybe_split (the visits that may be a split stay's
-- later part: the range's low end; visit_counting.sql) and sessions_dependence with its variance (the short stays the
-- polls against the portal miss: the range's high end; unseen_dependence.sql). dhcp_days: the days whose estimate
-- used the router's DHCP log (docs/metrics.md "The DHCP log as a third source").
-- Persons are estimates (sums of the daily estimates: person-days); the returning share on stable
-- identities counts only days with a full look-back window (history_days >= window): the share and its
-- standard error (returning_share, returning_share_se; returning_persons its person-days) are the product's
-- kunang_returning_share over the same days (returning.sql: member logins known, the other persons from the
-- sample), the range made of it in Python (dashboard.analytics.summary.returning_range).
-- params: site_ids (integer[]), start, end (local dates, inclusive), month (date), whole_month (bool),
--         window (analytics.returning_window_days)
WITH d AS (
    SELECT site_id, sum(sessions)::integer AS sessions, sum(sessions_snmp_only)::integer AS sessions_snmp_only,
           sum(sessions_portal_only)::integer AS sessions_portal_only, sum(sessions_both)::integer AS sessions_both,
           sum(snmp_sessions)::integer AS snmp_sessions, sum(portal_sessions)::integer AS portal_sessions,
           sum(visitors)::integer AS visitor_days, sum(passersby)::integer AS passerby_days,
           sum(returning_visitors)::integer AS returning_visitor_days,
           sum(randomized_visitors)::integer AS randomized_visitor_days,
           sum(bytes)::bigint AS bytes, sum(snmp_bytes)::bigint AS snmp_bytes, sum(portal_bytes)::bigint AS portal_bytes,
           sum(portal_logins)::integer AS portal_logins, sum(portal_login_failed)::integer AS portal_login_failed,
           sum(polls_expected) AS polls_expected, sum(polls_ok) AS polls_ok,
           (count(*) FILTER (WHERE incomplete))::integer AS incomplete_days,
           (sum(sessions + coalesce(sessions_unseen, 0)))::integer AS sessions_est,
           sum(sessions_unseen_var) AS sessions_unseen_var,
           sum(sessions_maybe_split)::integer AS sessions_maybe_split,  -- visit_counting.sql
           sum(sessions_dependence) AS sessions_dependence,  -- unseen_dependence.sql: the range's high end
           sum(sessions_dependence_var) AS sessions_dependence_var,
           -- days whose estimate used the router's DHCP log (its grants explained a visit; accuracy.sql)
           (count(*) FILTER (WHERE sessions_dhcp_both > 0))::integer AS dhcp_days,
           sum(persons_est)::integer AS person_days_est, sum(persons_low)::integer AS person_days_low,
           sum(persons_high)::integer AS person_days_high,
           sum(returning_est) FILTER (WHERE history_days >= %(window)s)::integer AS returning_est_days,
           sum(returning_base) FILTER (WHERE history_days >= %(window)s)::integer AS returning_base_days,
           (count(*) FILTER (WHERE visitors > 0 AND coalesce(history_days, 0) < %(window)s))::integer
               AS short_history_days,
           -- days with data only: a day before monitoring began (a backfill's refresh touches the day before
           -- its start) or without any poll is no data, not a blind-AP day
           (count(*) FILTER (WHERE incomplete_clients AND (sessions > 0 OR polls_ok > 0)))::integer
               AS client_incomplete_days,
           max(dwell_resolution_s) AS dwell_resolution_s, sum(client_polls_ok) AS client_polls_ok,
           (count(*) FILTER (WHERE sessions > 0 OR polls_ok > 0))::integer AS days_with_data,
           count(*)::integer AS days
    FROM site_daily
    WHERE site_id = ANY (%(site_ids)s) AND day BETWEEN %(start)s AND %(end)s
    GROUP BY site_id
), bl AS (
    SELECT site_id, array_agg(DISTINCT x ORDER BY x) AS blind_aps
    FROM site_daily CROSS JOIN LATERAL unnest(blind_aps) AS x
    WHERE site_id = ANY (%(site_ids)s) AND day BETWEEN %(start)s AND %(end)s
    GROUP BY site_id
), a AS (
    SELECT d.site_id, sum(d.polls_ok) / nullif(sum(d.polls), 0) AS availability
    FROM ap_daily d JOIN ap ON ap.id = d.ap_id AND NOT ap.is_controller
    WHERE d.site_id = ANY (%(site_ids)s) AND d.day BETWEEN %(start)s AND %(end)s
    GROUP BY d.site_id
), m AS (
    SELECT site_id, unique_visitors, unique_devices, randomized_unique_visitors, returning_unique_visitors,
           dwell_median_s, dwell_p90_s
    FROM site_monthly
    WHERE %(whole_month)s AND site_id = ANY (%(site_ids)s) AND month = %(month)s
), u AS (
    SELECT site_id, count(DISTINCT device) FILTER (WHERE is_visitor) AS unique_visitors,
           count(DISTINCT device) AS unique_devices,
           count(DISTINCT device) FILTER (WHERE is_visitor AND randomized) AS randomized_unique_visitors,
           count(DISTINCT device) FILTER (WHERE is_visitor AND is_returning) AS returning_unique_visitors
    FROM device_day
    WHERE NOT %(whole_month)s AND site_id = ANY (%(site_ids)s) AND day BETWEEN %(start)s AND %(end)s
    GROUP BY site_id
), w AS (
    SELECT site_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS dwell_median_s,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS dwell_p90_s
    FROM visit
    WHERE NOT %(whole_month)s AND site_id = ANY (%(site_ids)s) AND day BETWEEN %(start)s AND %(end)s
    GROUP BY site_id
), we AS (
    SELECT v.site_id,
           kunang_weighted_median(array_agg(coalesce(v.dwell_est_s, v.dwell_s)::double precision),
                                  array_agg(kunang_dwell_weight(v.source, v.dwell_est_s IS NOT NULL,
                                                                sd.sessions_portal_only, sd.sessions_both)))
               AS dwell_median_est_s
    FROM visit v
    LEFT JOIN site_daily sd ON sd.site_id = v.site_id AND sd.day = v.day
    WHERE v.site_id = ANY (%(site_ids)s) AND v.day BETWEEN %(start)s AND %(end)s
    GROUP BY v.site_id
    HAVING count(v.dwell_est_s) > 0
)
SELECT s.id AS site_id, s.name, s.grp, s.timezone, s.active,
       coalesce(d.sessions, 0) AS sessions, coalesce(d.sessions_snmp_only, 0) AS sessions_snmp_only,
       coalesce(d.sessions_portal_only, 0) AS sessions_portal_only, coalesce(d.sessions_both, 0) AS sessions_both,
       coalesce(d.snmp_sessions, 0) AS snmp_sessions, coalesce(d.portal_sessions, 0) AS portal_sessions,
       coalesce(d.visitor_days, 0) AS visitor_days, coalesce(d.passerby_days, 0) AS passerby_days,
       coalesce(d.returning_visitor_days, 0) AS returning_visitor_days, coalesce(d.randomized_visitor_days, 0) AS randomized_visitor_days,
       coalesce(d.bytes, 0) AS bytes, coalesce(d.snmp_bytes, 0) AS snmp_bytes,
       coalesce(d.portal_bytes, 0) AS portal_bytes, coalesce(d.portal_logins, 0) AS portal_logins,
       coalesce(d.portal_login_failed, 0) AS portal_login_failed,
       coalesce(d.polls_expected, 0) AS polls_expected, coalesce(d.polls_ok, 0) AS polls_ok,
       coalesce(d.incomplete_days, 0) AS incomplete_days, coalesce(d.days_with_data, 0) AS days_with_data,
       coalesce(d.days, 0) AS days, a.availability,
       coalesce(d.sessions_est, 0) AS sessions_est, d.sessions_unseen_var, d.sessions_maybe_split,
       d.sessions_dependence, d.sessions_dependence_var,
       coalesce(d.dhcp_days, 0) AS dhcp_days,
       d.person_days_est, d.person_days_low, d.person_days_high,
       d.returning_est_days, d.returning_base_days, coalesce(d.short_history_days, 0) AS short_history_days,
       rs.share AS returning_share, rs.se AS returning_share_se, rs.persons AS returning_persons,
       coalesce(d.client_incomplete_days, 0) AS client_incomplete_days, d.dwell_resolution_s, d.client_polls_ok,
       coalesce(bl.blind_aps, '{}') AS blind_aps,
       coalesce(m.unique_visitors, u.unique_visitors, 0)::integer AS unique_visitors,
       coalesce(m.unique_devices, u.unique_devices, 0)::integer AS unique_devices,
       coalesce(m.randomized_unique_visitors, u.randomized_unique_visitors, 0)::integer AS randomized_unique_visitors,
       coalesce(m.returning_unique_visitors, u.returning_unique_visitors, 0)::integer AS returning_unique_visitors,
       coalesce(m.dwell_median_s, w.dwell_median_s) AS dwell_median_s,
       coalesce(m.dwell_p90_s, w.dwell_p90_s) AS dwell_p90_s, we.dwell_median_est_s
FROM site s
LEFT JOIN d ON d.site_id = s.id
LEFT JOIN a ON a.site_id = s.id
LEFT JOIN bl ON bl.site_id = s.id
LEFT JOIN m ON m.site_id = s.id
LEFT JOIN u ON u.site_id = s.id
LEFT JOIN w ON w.site_id = s.id
LEFT JOIN we ON we.site_id = s.id
LEFT JOIN LATERAL kunang_returning_share(s.id, %(start)s, %(end)s) rs ON d.returning_base_days > 0
WHERE s.id = ANY (%(site_ids)s)
ORDER BY s.name;
