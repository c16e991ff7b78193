-- Figures that say what they measure (docs/metrics.md "Persons", "Blind spots", "Returning: the
-- look-back window", "Dwell resolution"): the columns of migration 0160_accuracy, filled by
-- kunang_refresh_accuracy after kunang_refresh_daily (kunang_refresh_analytics calls it).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- Persons among a site-day's visitors (docs/metrics.md "Persons"):
--  1. devices logged in under one portal user that day are one person (a unit);
--  2. two units whose first and last sightings are both within tau = 2 min + P of each other are
--     candidates to be one person; candidates are paired greedily, closest first (each unit at
--     most once);
--  3. chance pairs are estimated from the side band: unit pairs leaving within tau but arriving
--     tau .. 2 tau apart, either way (the same width as the window: about as many unrelated pairs; offset in
--     the arrival, since departures bunch at closing time and arrivals do not), paired in ONE greedy pass
--     with the window's candidates (each unit in at most one pair, window or side band: a unit taken by its
--     own second device is no more free for a chance pair in the band than in the window);
--  estimate = units - max(0, pairs - side band), clamped to [low, high];
--  high = units (no co-arrival is one person); low = units - floor(units with a candidate / 2).
-- The person units of a site-day's visitors: a portal user's devices together, other devices alone;
-- first and last sighting of each unit: by the AP polls where there are any (a portal session ended
-- by an idle/keepalive timeout ends minutes after the device left), else by the portal.
CREATE OR REPLACE FUNCTION kunang_person_units(p_site integer, p_day date)
RETURNS TABLE (unit text, f timestamptz, l timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT u.unit, min(coalesce(cs.f, d.first_seen)), max(coalesce(cs.l, d.last_seen))
    FROM device_day d
    LEFT JOIN LATERAL (
        SELECT min(ps.user_id) AS user_id FROM portal_session ps
        WHERE ps.site_id = d.site_id AND ps.device = d.device AND ps.user_id IS NOT NULL
          AND ps.started_at >= d.first_seen - interval '1 hour' AND ps.started_at <= d.last_seen) pu ON true
    LEFT JOIN LATERAL (
        SELECT min(c.first_seen) AS f, max(c.last_seen) AS l FROM client_session c
        WHERE c.site_id = d.site_id AND c.device = d.device
          AND c.first_seen >= d.first_seen AND c.first_seen <= d.last_seen) cs ON true
    CROSS JOIN LATERAL (SELECT coalesce('u:' || pu.user_id, 'd:' || d.device) AS unit) u
    WHERE d.site_id = p_site AND d.day = p_day AND d.is_visitor
    GROUP BY u.unit
$$;

CREATE OR REPLACE FUNCTION kunang_refresh_persons(p_site integer, p_day date, p_tau double precision)
RETURNS TABLE (est integer, low integer, high integer)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_units   integer;
    v_cand    integer;
    v_pairs   integer := 0;
    v_side    integer := 0;
    v_used    integer[] := '{}';
    v_u       text[];
    v_f       double precision[];
    v_l       double precision[];
    i         integer;
    r         record;
BEGIN
    SELECT coalesce(array_agg(unit ORDER BY f, unit), '{}'),
           coalesce(array_agg(extract(epoch FROM f)::double precision ORDER BY f, unit), '{}'),
           coalesce(array_agg(extract(epoch FROM l)::double precision ORDER BY f, unit), '{}')
    INTO v_u, v_f, v_l FROM kunang_person_units(p_site, p_day);
    v_units := cardinality(v_u);
    IF v_units = 0 THEN
        RETURN QUERY SELECT 0, 0, 0;
        RETURN;
    END IF;
    SELECT count(DISTINCT a.i) INTO v_cand
    FROM generate_subscripts(v_u, 1) a(i) JOIN generate_subscripts(v_u, 1) b(i)
      ON a.i <> b.i AND abs(v_f[a.i] - v_f[b.i]) <= p_tau AND abs(v_l[a.i] - v_l[b.i]) <= p_tau;
    -- greedy pairing, closest first (the side band's distance from its own edge), each unit in at most one
    -- pair of the window or the side band (arriving tau .. 2 tau apart, leaving within tau): chance pairs
    FOR r IN
        SELECT a.i AS x, b.i AS y, abs(v_f[a.i] - v_f[b.i]) <= p_tau AS inside
        FROM generate_subscripts(v_u, 1) a(i) JOIN generate_subscripts(v_u, 1) b(i)
          ON a.i < b.i AND abs(v_f[a.i] - v_f[b.i]) <= 2 * p_tau AND abs(v_l[a.i] - v_l[b.i]) <= p_tau
        ORDER BY abs(abs(v_f[a.i] - v_f[b.i]) - CASE WHEN abs(v_f[a.i] - v_f[b.i]) <= p_tau THEN 0 ELSE p_tau END)
                 + abs(v_l[a.i] - v_l[b.i]), a.i, b.i
    LOOP
        IF NOT (r.x = ANY (v_used) OR r.y = ANY (v_used)) THEN
            v_used := v_used || ARRAY[r.x, r.y];
            IF r.inside THEN
                v_pairs := v_pairs + 1;
            ELSE
                v_side := v_side + 1;
            END IF;
        END IF;
    END LOOP;
    RETURN QUERY SELECT greatest(v_units - v_cand / 2, v_units - greatest(0, v_pairs - v_side)),
                        v_units - v_cand / 2, v_units;
END;
$$;

-- Visits no source saw (docs/metrics.md "Visits no source saw", and its sampling error): the AP polls and
-- the MAC-carrying portal sessions as two captures (Lincoln-Petersen), from one site-day's visits seen by
-- the polls only, the portal only, and both; NULL when no visit was seen by both.
CREATE OR REPLACE FUNCTION kunang_unseen_visits(p_snmp_only double precision, p_portal_only double precision,
                                                p_both double precision) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_both > 0 THEN round(p_snmp_only * p_portal_only / p_both)::integer END
$$;

-- The visits the polls and the portal did not see (site_daily.sessions_unseen; docs/metrics.md "The DHCP log
-- as a third source"). Where the site-day has DHCP grants that some visit explains (p_dhcp_both > 0): the
-- visits only the DHCP log shows, plus those no source shows, by the same two-capture estimate between the
-- visits (polls or portal: p_snmp_only + p_portal_only + p_both of them) and the DHCP log. A grant does not
-- depend on how long the device stays, so this pair of captures lacks the dependence that makes the polls
-- against the portal under-count (both see long stays more often); a complete log leaves nothing unseen.
-- Elsewhere (no DHCP log, or none of its grants explains a visit): the polls against the portal.
CREATE OR REPLACE FUNCTION kunang_sessions_unseen(p_snmp_only double precision, p_portal_only double precision,
                                                  p_both double precision, p_dhcp_only double precision,
                                                  p_dhcp_both double precision) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_dhcp_both > 0
                THEN p_dhcp_only::integer + kunang_unseen_visits(p_snmp_only + p_portal_only + p_both - p_dhcp_both,
                                                                 p_dhcp_only, p_dhcp_both)
                ELSE kunang_unseen_visits(p_snmp_only, p_portal_only, p_both) END
$$;

-- The returning share's sample of a site-day, kunang_returning_sample: returning.sql.

-- SET jit = off: no LLVM compile of these statements at every refresh (analytics_refresh.sql's header).
CREATE OR REPLACE FUNCTION kunang_refresh_accuracy(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_window   integer := kunang_returning_window_days();
    v_rot      boolean := kunang_rotating_salt();
    v_interval double precision := kunang_poll_interval_s();
    v_cov_min  double precision := kunang_coverage_min();
    v_tau      double precision := 120 + kunang_poll_interval_s();
    v_slack    interval := make_interval(secs => 120 + kunang_poll_interval_s());  -- dhcp_capture.sql
    v_gap      interval := kunang_session_gap();
    v_short    integer := kunang_visitor_min_s();  -- unseen_dependence.sql: too short to log in
    v_dlo      date := (p_from AT TIME ZONE 'UTC')::date - 3;
    v_dhi      date := (p_to AT TIME ZONE 'UTC')::date + 1;
BEGIN
    -- coverage of the client-level figures, blind APs, resolution, persons
    UPDATE site_daily s
    SET client_polls_ok = q.ok,
        client_coverage = CASE WHEN s.polls_expected > 0 THEN least(1.0, q.ok / s.polls_expected) END,
        blind_aps = q.blind,
        incomplete_clients = s.polls_expected > 0 AND q.ok / s.polls_expected < v_cov_min,
        dwell_resolution_s = v_interval::integer,
        sessions_dhcp_only = q.dhcp_only, sessions_dhcp_both = q.dhcp_both,  -- dhcp_capture.sql
        sessions_unseen = kunang_sessions_unseen(q.s_snmp, q.s_portal, q.sd_both, q.dhcp_only, q.dhcp_both),
        sessions_unseen_var = kunang_sessions_unseen_var(q.s_snmp, q.s_portal, q.sd_both, q.dhcp_only,
                                                         q.dhcp_both),  -- unseen_variance.sql
        -- visits that may be a split stay's later part (visit_counting.sql): the range's counting error
        sessions_maybe_split = CASE WHEN kunang_sessions_unseen(q.s_snmp, q.s_portal, q.sd_both, q.dhcp_only,
                                                                q.dhcp_both) IS NOT NULL
                                    THEN kunang_visits_maybe_split(q.site_id, q.day, v_slack, q.dhcp_only IS NOT NULL)
                               END,
        -- short stays the polls x portal estimate misses (unseen_dependence.sql): the range's high end
        sessions_dependence = CASE WHEN kunang_sessions_unseen(q.s_snmp, q.s_portal, q.sd_both, q.dhcp_only,
                                                               q.dhcp_both) IS NOT NULL THEN q.dependence END,
        sessions_dependence_var = CASE WHEN kunang_sessions_unseen(q.s_snmp, q.s_portal, q.sd_both, q.dhcp_only,
                                                                   q.dhcp_both) IS NOT NULL THEN q.dependence_var END,
        persons_est = round(q.est * q.k)::integer, persons_low = round(q.low * q.k)::integer,
        persons_high = round(q.high * q.k)::integer
    FROM (
        SELECT sd.site_id, sd.day, x.ok, x.blind, p.est, p.low, p.high,
               sd.sessions_snmp_only::double precision AS s_snmp, sd.sessions_portal_only AS s_portal,
               sd.sessions_both AS sd_both, dc.dhcp_only, dc.dhcp_both, dp.dependence, dp.dependence_var,
               -- visitor devices neither source saw, by the same capture-recapture on the day's visitors
               CASE WHEN c.b > 0 AND c.n > 0 THEN 1.0 + c.s * c.p / (c.b * c.n) ELSE 1.0 END AS k
        FROM kunang_site_days(p_from, p_to) b
        JOIN site_daily sd ON sd.site_id = b.site_id AND sd.day BETWEEN b.lo AND b.hi
         AND sd.day BETWEEN v_dlo AND v_dhi
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(d.polls_ok) FILTER (WHERE coalesce(a.client_rows, 'clients') = 'clients'), 0) AS ok,
                   array_agg(a.name ORDER BY a.name) FILTER (WHERE a.client_rows IN ('counts', 'none')
                                                            AND d.polls_expected > 0) AS blind
            FROM ap_daily d JOIN ap a ON a.id = d.ap_id AND NOT a.is_controller
            WHERE d.site_id = sd.site_id AND d.day = sd.day
        ) x
        CROSS JOIN LATERAL kunang_refresh_persons(sd.site_id, sd.day, v_tau) p
        LEFT JOIN LATERAL kunang_dhcp_captures(sd.site_id, sd.day, b.tz, v_slack, v_gap) dc ON true
        LEFT JOIN LATERAL kunang_sessions_unseen_dependence(sd.site_id, sd.day, v_slack, v_short,
                                                            coalesce(dc.dhcp_both, 0) > 0) dp ON true
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE d.source = 'snmp')::double precision AS s,
                   count(*) FILTER (WHERE d.source = 'portal') AS p, count(*) FILTER (WHERE d.source = 'both') AS b,
                   count(*) AS n
            FROM device_day d WHERE d.site_id = sd.site_id AND d.day = sd.day AND d.is_visitor
        ) c
    ) q
    WHERE s.site_id = q.site_id AND s.day = q.day;

    -- the estimated dwell of site-days with a blind AP (dwell_estimate.sql): needs blind_aps above
    PERFORM kunang_refresh_dwell_estimate(p_from, p_to);

    -- returning share on stable identities, and the history behind it (later days too: backfills)
    UPDATE site_daily s
    SET returning_base = CASE WHEN v_rot THEN NULL ELSE q.base END,
        returning_est = CASE WHEN v_rot THEN NULL ELSE q.ret END,
        history_days = s.day - q.first_day
    FROM (
        SELECT sd.site_id, sd.day, f.first_day, x.base, x.ret
        FROM kunang_site_days(p_from, p_to) b
        JOIN site_daily sd ON sd.site_id = b.site_id AND sd.day BETWEEN b.lo AND b.hi + v_window
         AND sd.day BETWEEN v_dlo AND v_dhi + v_window
        CROSS JOIN LATERAL (
            SELECT min(h.day) AS first_day FROM site_daily h
            WHERE h.site_id = b.site_id AND (h.polls_ok > 0 OR h.sessions > 0)
        ) f
        CROSS JOIN LATERAL (
            SELECT count(*) AS base, count(*) FILTER (WHERE r.is_returning) AS ret
            FROM kunang_returning_sample(sd.site_id, sd.day) r
        ) x
    ) q
    WHERE s.site_id = q.site_id AND s.day = q.day;
END;
$$;
