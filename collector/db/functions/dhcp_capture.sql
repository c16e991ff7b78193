-- The DHCP log as a capture (docs/metrics.md "The DHCP log as a third source"): its one home.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the pending migrations.
--
-- A grant (portal_event kind dhcp_assigned: RouterOS "assigned", dnsmasq DHCPACK) says the device was on
-- the network at that instant; a lease's span says nothing about a stay (it outlives the device by up to
-- the lease time), so only the instants are used. A grant belongs to a visit of its device when
--   (1) it falls within the visit, widened by p_slack either side (the join's grant comes before the first
--       poll or the login; renewals come during the stay), or else
--   (2) the visit is the device's next one on the same local day and no other grant of the device comes
--       between the grant and p_slack after that visit's start (the device joined on an AP that lists no
--       clients and roamed to one that does, or logged in later: one join, one grant).
-- Grants that belong to no visit are visits of their own, those of one device less than p_gap apart one visit
-- (a client that asks twice). Returns, for the site-day: dhcp_only (those visits), dhcp_both (the day's visits
-- a grant belongs to); both NULL when the site-day has no grant (no DHCP log: the estimate falls back to the
-- polls and the portal alone).
CREATE OR REPLACE FUNCTION kunang_dhcp_captures(p_site integer, p_day date, p_tz text, p_slack interval,
                                                p_gap interval)
RETURNS TABLE (dhcp_only integer, dhcp_both integer)
LANGUAGE sql STABLE AS $$
    WITH g AS (  -- the day's grants, each with its device's next grant of the day
        SELECT e.device, e.time, lead(e.time) OVER (PARTITION BY e.device ORDER BY e.time) AS next_time
        FROM portal_event e
        WHERE e.site_id = p_site AND e.kind = 'dhcp_assigned' AND e.device IS NOT NULL
          AND e.time >= (p_day::timestamp AT TIME ZONE p_tz) AND e.time < ((p_day + 1)::timestamp AT TIME ZONE p_tz)
    ),
    gv AS (  -- visits near the day through visit_device_idx (a grant may belong to the day before's or after's)
        SELECT g.device, g.time, coalesce(i.day, n.day) AS v_day, coalesce(i.started_at, n.started_at) AS v_start
        FROM g
        LEFT JOIN LATERAL (
            SELECT v.day, v.started_at FROM visit v
            WHERE v.device = g.device AND v.site_id = p_site AND v.day = ANY (ARRAY[p_day - 1, p_day, p_day + 1])
              AND g.time BETWEEN v.started_at - p_slack AND v.ended_at + p_slack
            ORDER BY v.started_at LIMIT 1) i ON true
        LEFT JOIN LATERAL (
            SELECT v.day, v.started_at FROM visit v
            WHERE i.started_at IS NULL AND v.device = g.device AND v.site_id = p_site
              AND v.day = ANY (ARRAY[p_day - 1, p_day, p_day + 1]) AND v.started_at > g.time
              -- the same day's only: the next grant (next_time) is looked for on that day alone, and a stay no
              -- poll or login saw is not the device's visit of the next day (that one has a grant of its own)
              AND v.started_at < ((p_day + 1)::timestamp AT TIME ZONE p_tz)
            ORDER BY v.started_at LIMIT 1) n0 ON true
        -- the next visit only if no other grant of the device comes before p_slack after its start
        LEFT JOIN LATERAL (SELECT n0.day, n0.started_at
                           WHERE g.next_time IS NULL OR g.next_time > n0.started_at + p_slack) n ON true
    ),
    u AS (
        SELECT gv.time > lag(gv.time) OVER (PARTITION BY gv.device ORDER BY gv.time) + p_gap
               OR lag(gv.time) OVER (PARTITION BY gv.device ORDER BY gv.time) IS NULL AS opens
        FROM gv WHERE gv.v_start IS NULL
    )
    SELECT (SELECT count(*) FILTER (WHERE opens) FROM u)::integer,
           (SELECT count(DISTINCT (gv.device, gv.v_start)) FROM gv WHERE gv.v_day = p_day)::integer
    WHERE EXISTS (SELECT 1 FROM g)
$$;
