-- The sessions estimate's counting error (docs/metrics.md "The sessions estimate's counting error"): its one home.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the pending migrations.
--
-- A visit is a device's connection with absences of at most the session gap G merged (docs/metrics.md
-- "Wi-Fi session"). A stay that spends longer than G on an AP that lists no clients, without a portal session
-- covering that stretch, is counted as two visits: no capture shows it (both parts are seen), so neither the
-- estimate nor its sampling error holds it. What can be seen: the second part is a **repeat visit**, a visit of
-- a device that already had a visit at the site that day. Where the router's DHCP log is read (p_dhcp), a
-- device that left and came back is granted again on its return (docs/metrics.md "The DHCP log as a third
-- source"), so only the repeat visits with no grant of the device between the end of its previous visit and
-- p_slack after their start may be such a part; without the log every repeat visit may be.
-- Returns the site-day's visits that may be the later part of a split stay (site_daily.sessions_maybe_split):
-- the estimate may count each of them once too often, so the range's low end goes down by them
-- (dashboard.analytics.summary.sessions_range). Two stays within G merged into one visit would count one
-- visit too few; a device leaving and returning within G, seen by every source as present throughout, can
-- not be told apart from one that stayed, so it is not counted here (docs/metrics.md says so).
CREATE OR REPLACE FUNCTION kunang_visits_maybe_split(p_site integer, p_day date, p_slack interval, p_dhcp boolean)
RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(*)::integer
    FROM (
        SELECT v.device, v.started_at, lag(v.ended_at) OVER (PARTITION BY v.device ORDER BY v.started_at) AS prev_end
        FROM visit v
        WHERE v.site_id = p_site AND v.day = p_day
    ) r
    WHERE r.prev_end IS NOT NULL
      AND NOT (p_dhcp AND EXISTS (
          SELECT 1 FROM portal_event e
          WHERE e.site_id = p_site AND e.kind = 'dhcp_assigned' AND e.device = r.device
            AND e.time > r.prev_end AND e.time <= r.started_at + p_slack
            -- the same bounds by the day alone (its visits start on the local day p_day, UTC-12 to UTC+14): on
            -- TimescaleDB they leave the day's few chunks once per call, not all of them at every repeat visit
            AND e.time > (p_day::timestamp AT TIME ZONE 'UTC') - interval '14 hours'
            AND e.time <= ((p_day + 1)::timestamp AT TIME ZONE 'UTC') + interval '12 hours' + p_slack))
$$;
