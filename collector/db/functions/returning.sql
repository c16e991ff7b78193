-- The returning share on stable identities: member logins known exactly (stratum A), the other persons from
-- a sample (stratum B), and its standard error (docs/metrics.md "Returning and new visitors", "Which devices
-- estimate the returning share", "The returning share's sampling error", "Member logins: the stratum known
-- exactly").

-- The day's persons identified by a member login (docs/metrics.md "Member logins: the stratum known exactly"):
-- one row per user pseudonym that logged in at the site that local day, with the devices attached to its
-- sessions (the login's own MAC, or the DHCP lease's: attach_leases.sql), if one of them is a visitor that day
-- (present >= M minutes). Returning: the user logged in at the site on another day of D-W .. D-1, or one of its
-- devices of the day was seen there in that window (device_day.is_returning); NULL in rotating-salt mode.
-- Which logins: those whose line names a user and carries no MAC, the device attached from the DHCP lease
-- (device_via 'dhcp'): a member account, an identity that survives MAC rotation. A login whose line carries the
-- MAC (a MikroTik trial login `T-<MAC>`, openNDS, RADIUS) may be named by the MAC itself, which rotates with a
-- randomised MAC; and taking only its global-MAC logins would make who is in stratum A depend on the MAC
-- type, the very thing stratum B's sample is drawn by (its walk-ins with a global MAC taken out, B's sample
-- over-represents the regulars: +15.7 % in simulated world 11). So such persons stay with the others (B).
-- Nothing here assumes members return or walk-ins do not: a member's first visit is new.
CREATE OR REPLACE FUNCTION kunang_returning_members(p_site integer, p_day date)
RETURNS TABLE (user_id text, is_returning boolean, devices text[])
LANGUAGE sql STABLE AS $$
    WITH b AS (
        SELECT p_day::timestamp AT TIME ZONE s.timezone AS lo, (p_day + 1)::timestamp AT TIME ZONE s.timezone AS hi,
               (p_day - kunang_returning_window_days())::timestamp AT TIME ZONE s.timezone AS wlo
        FROM site s WHERE s.id = p_site
    ), u AS (
        SELECT ps.user_id, array_agg(DISTINCT ps.device) FILTER (WHERE ps.device IS NOT NULL) AS devices
        FROM b JOIN portal_session ps ON ps.site_id = p_site AND ps.started_at >= b.lo AND ps.started_at < b.hi
        WHERE ps.user_id IS NOT NULL AND ps.device_via = 'dhcp'
        GROUP BY ps.user_id
    )
    SELECT u.user_id,
           CASE WHEN kunang_rotating_salt() THEN NULL ELSE
               bool_or(coalesce(d.is_returning, false)) OR EXISTS (
                   SELECT 1 FROM b JOIN portal_session p ON p.site_id = p_site AND p.user_id = u.user_id
                    AND p.started_at >= b.wlo AND p.started_at < b.lo) END,
           u.devices
    FROM u JOIN device_day d ON d.site_id = p_site AND d.day = p_day AND d.device = ANY (u.devices)
    GROUP BY u.user_id, u.devices
    HAVING bool_or(d.is_visitor)
$$;

-- The returning share's sample of a site-day: one row per person unit, `device` its key (the smallest
-- pseudonym among its devices), its returning status (NULL in rotating-salt mode) and `member`: the unit holds
-- a device attached to a member login of the day (kunang_returning_members; that person is counted there, so
-- the unit is not in stratum B's sample).
-- Which devices: the visitor devices whose returning status is knowable (a global MAC: one pseudonym across
-- days) AND whose being seen that day does not depend on whether they return, i.e. that the AP polls saw
-- (source snmp or both). A device seen by the portal alone is left out: where only some logins carry a MAC
-- (MikroTik: trial logins `T-<MAC>` do, member logins do not), the portal sees walk-ins on a blind AP and
-- misses the members there, so counting them leans the share towards new visitors (where member logins carry
-- no MAC: -4 % on average, -14 % at worst over 40 simulated months).
-- Person units: the share is of persons, so two such devices that arrive and leave together (first and last
-- sighting both within tau = 2 min + the poll interval, the rule of the persons estimate, accuracy.sql) are
-- one unit, paired greedily, closest first, each device at most once; a pair whose devices disagree (one
-- returning, one new) is two persons that came together, so two units (a chance pair would otherwise count
-- once, as returning or as new by rule, not by fact). Counting devices instead weighs a
-- person with two global-MAC devices twice; where a site's regulars happen to carry more of them than its
-- walk-ins (a regular's devices are the same every day), the share leans towards returning: +13.5 % in
-- simulated world 11 (Sembalun, 2026-11; 23 % of its sampled regulars had two against 8.5 % of its walk-ins).
-- First and last sighting: by the AP polls (client sessions; a portal session ended by a keepalive timeout
-- ends minutes after the device left), else device_day's.
DROP FUNCTION IF EXISTS kunang_returning_sample(integer, date);
CREATE FUNCTION kunang_returning_sample(p_site integer, p_day date)
RETURNS TABLE (device text, is_returning boolean, member boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_mem  text[];
    v_in   boolean[];
    v_tau  double precision := 120 + kunang_poll_interval_s();
    v_dev  text[];
    v_f    double precision[];
    v_l    double precision[];
    v_ret  boolean[];
    v_unit integer[];
    v_used boolean[];
    r      record;
BEGIN
    -- the devices attached to the day's member logins (any MAC, any source) take part in the pairing, so that a
    -- member's other device is known as theirs; they are not units of the sample themselves (v_in false)
    SELECT coalesce(array_agg(DISTINCT x.d), '{}') INTO v_mem
    FROM kunang_returning_members(p_site, p_day) m CROSS JOIN LATERAL unnest(m.devices) x(d);
    SELECT coalesce(array_agg(d.device ORDER BY d.device), '{}'),
           array_agg(extract(epoch FROM coalesce(cs.f, d.first_seen))::double precision ORDER BY d.device),
           array_agg(extract(epoch FROM coalesce(cs.l, d.last_seen))::double precision ORDER BY d.device),
           array_agg(d.is_returning ORDER BY d.device),
           array_agg(NOT d.randomized AND d.source IN ('snmp', 'both') ORDER BY d.device)
    INTO v_dev, v_f, v_l, v_ret, v_in
    FROM device_day d
    LEFT JOIN LATERAL (
        SELECT min(c.first_seen) AS f, max(c.last_seen) AS l FROM client_session c
        WHERE c.site_id = d.site_id AND c.device = d.device
          AND c.first_seen >= d.first_seen AND c.first_seen <= d.last_seen) cs ON true
    WHERE d.site_id = p_site AND d.day = p_day AND d.is_visitor
      AND ((NOT d.randomized AND d.source IN ('snmp', 'both')) OR d.device = ANY (v_mem));
    IF NOT true = ANY (v_in) THEN
        RETURN;
    END IF;
    v_unit := array(SELECT generate_subscripts(v_dev, 1));
    v_used := array_fill(false, ARRAY[cardinality(v_dev)]);
    -- a pair's key is its first device (x < y: the smaller pseudonym)
    FOR r IN
        SELECT a.i AS x, b.i AS y
        FROM generate_subscripts(v_dev, 1) a(i) JOIN generate_subscripts(v_dev, 1) b(i)
          ON a.i < b.i AND abs(v_f[a.i] - v_f[b.i]) <= v_tau AND abs(v_l[a.i] - v_l[b.i]) <= v_tau
        ORDER BY abs(v_f[a.i] - v_f[b.i]) + abs(v_l[a.i] - v_l[b.i]), a.i, b.i
    LOOP
        IF NOT (v_used[r.x] OR v_used[r.y]) THEN
            v_unit[r.y] := r.x;
            v_used[r.x] := true;
            v_used[r.y] := true;
        END IF;
    END LOOP;
    -- a pair whose devices disagree (one returning, one not) is two persons that came and went together; a pair
    -- with a member's device is that member's (both units member: its other device is not a person of B)
    RETURN QUERY
        SELECT v_dev[min(q.i) FILTER (WHERE q.ins)], bool_or(q.ret) FILTER (WHERE q.ins), bool_or(q.mem)
        FROM (SELECT g.i, g.ret, g.ins, bool_or(g.m) OVER w AS mem,
                     CASE WHEN bool_or(g.ret) OVER w IS DISTINCT FROM bool_and(g.ret) OVER w
                          THEN g.i ELSE g.u END AS k
              FROM (SELECT i, v_unit[i] AS u, v_ret[i] AS ret, v_in[i] AS ins, v_dev[i] = ANY (v_mem) AS m
                    FROM generate_subscripts(v_dev, 1) s(i)) g
              WINDOW w AS (PARTITION BY g.u)) q
        GROUP BY q.k
        HAVING bool_or(q.ins);
END;
$$;

-- The standard error of a returning share from its sample (docs/metrics.md "The returning share's sampling
-- error"): rows (unit, returning) of one or more days, a unit in the sample on each of its days (a cluster);
-- the share is a ratio over a sample of clusters, linearised, with the units' residuals e = r - p b (b the unit's
-- days, r its returning days, B = sum b, p = sum r / B, n clusters). A person enters the sample in two draws:
-- once for the month, by having a device with a global MAC (probability g: the MAC type of a person's devices
-- does not change from day to day), and on each of their days, by being seen by the polls that day (probability
-- s, p_seen: the polls' capture rate of the site's visits). So the finite-population correction is on persons,
-- not person-days (two-stage sampling, each stage Bernoulli):
--   var = n/(n-1) * [(1 - g) sum_c e_c^2 + g (1 - s) sum_k e_k^2] / B^2,   sum_k e_k^2 = B p (1 - p) (unit-days),
-- g = B / (population * s) (at most 1), the population the person-days the sample is drawn from (the persons
-- estimate's). A unit seen on one day only has (1 - g) + g (1 - s) = 1 - B / population, the person-days'
-- correction; a regular seen on many days has the smaller (1 - g) on their whole residual. p_seen NULL (no
-- capture rate known): s = 1, the person-days' correction 1 - B / population; p_population NULL: no correction.
-- NULL with fewer than two units. Pure: bench/accuracy_seeds.py calls it on the model's samples.
-- Checked against the design itself (docs/metrics.md "The range against its sampling design"): 1.03-1.06 times
-- the SD of the design's draws on the model's true populations (bench/accuracy_returning_parts.py), 1.01 times
-- where regulars are few and seen on many days (tests/analytics/test_ana034_returning_se_design.py): no design
-- effect to add; a regular's days are already one cluster.
DROP FUNCTION IF EXISTS kunang_returning_share_se_of(text[], boolean[], double precision);
CREATE OR REPLACE FUNCTION kunang_returning_share_se_of(p_units text[], p_returning boolean[],
                                                       p_population double precision,
                                                       p_seen double precision DEFAULT NULL)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    WITH c AS (
        SELECT x.u, count(*)::double precision AS b, (count(*) FILTER (WHERE x.r))::double precision AS r
        FROM unnest(p_units, p_returning) x(u, r)
        WHERE x.r IS NOT NULL
        GROUP BY x.u
    ), t AS (
        SELECT count(*)::double precision AS n, sum(b) AS base, sum(r) / nullif(sum(b), 0) AS p,
               least(1.0, greatest(coalesce(p_seen, 1.0), 1e-9)) AS s FROM c
    ), f AS (
        SELECT t.*, CASE WHEN p_population IS NULL THEN 0.0
                         ELSE least(1.0, t.base / (greatest(p_population, t.base) * t.s)) END AS g
        FROM t
    )
    SELECT CASE WHEN f.n >= 2 THEN
        sqrt(f.n / (f.n - 1) * greatest(0.0, (1 - f.g) * (SELECT sum((c.r - f.p * c.b) ^ 2) FROM c)
                                             + f.g * (1 - f.s) * f.base * f.p * (1 - f.p)) / f.base ^ 2) END
    FROM f
$$;

-- The returning share post-stratified (docs/metrics.md "Member logins: the stratum known exactly"): stratum A,
-- the persons identified by a member login (p_members of them, p_members_returning returning: known, no
-- sampling); stratum B, the other persons (p_others), whose share is estimated from its sample of person units
-- (p_units, p_returning: rows over days, a unit on each of its days) as a ratio. share = (R_A + p_B N_B) / (N_A
-- + N_B). Its variance has two parts: stratum B's sampling (kunang_returning_share_se_of with B's population and
-- the polls' capture rate p_seen) times (N_B / N)^2, and the persons estimate's own error: N_B is the persons
-- estimate less N_A, and d share / d N_B = N_A (p_B - p_A) / N^2, so + (N_A (p_B - p_A) / N^2)^2 var(N_B)
-- (p_others_var; none where NULL; nil without members, where the share does not depend on N_B).
-- Without stratum A (no member logins) this is the sample's share and SE. NULL share where stratum B has
-- persons but no sample; SE 0 where stratum B is empty. Pure: bench/accuracy_seeds.py calls it.
DROP FUNCTION IF EXISTS kunang_returning_share_of(double precision, double precision, text[], boolean[],
                                                  double precision);
CREATE OR REPLACE FUNCTION kunang_returning_share_of(p_members double precision,
                                                     p_members_returning double precision, p_units text[],
                                                     p_returning boolean[], p_others double precision,
                                                     p_others_var double precision DEFAULT NULL,
                                                     p_seen double precision DEFAULT NULL)
RETURNS TABLE (share double precision, se double precision)
LANGUAGE sql IMMUTABLE AS $$
    WITH b AS (
        SELECT count(*) FILTER (WHERE x.r)::double precision AS r, count(*)::double precision AS n
        FROM unnest(p_units, p_returning) x(u, r) WHERE x.r IS NOT NULL
    ), t AS (
        SELECT coalesce(p_members, 0) AS na, coalesce(p_members_returning, 0) AS ra,
               greatest(coalesce(p_others, b.n), b.n) AS nb, b.r, b.n FROM b
    )
    SELECT CASE WHEN t.na + t.nb = 0 OR (t.nb > 0 AND t.n = 0) THEN NULL
                ELSE (t.ra + CASE WHEN t.n > 0 THEN t.r / t.n * t.nb ELSE 0 END) / (t.na + t.nb) END,
           CASE WHEN t.na + t.nb = 0 THEN NULL WHEN t.nb = 0 THEN 0.0
                ELSE sqrt((kunang_returning_share_se_of(p_units, p_returning, t.nb, p_seen) * t.nb / (t.na + t.nb)) ^ 2
                          + CASE WHEN t.na > 0 AND t.n > 0
                                 THEN (t.na * (t.r / t.n - t.ra / t.na) / (t.na + t.nb) ^ 2) ^ 2
                                      * coalesce(p_others_var, 0.0)
                                 ELSE 0.0 END) END
    FROM t
$$;

-- A site's returning share over local dates [p_from, p_to] and its SE: the days the shown share counts (a full
-- look-back window behind them: history_days >= the window; site_daily.returning_base), stratum A their member
-- logins (kunang_returning_members), stratum B the rest of the day's persons (the persons estimate, visitors
-- where a day has none, less stratum A; never fewer than its sample) with its sample (kunang_returning_sample's
-- units that are not a member's). The SE takes the persons estimate's variance from its range (persons_low ..
-- persons_high read as an even spread: (high - low)^2 / 12 a day) and the polls' capture rate of the days'
-- visits (the `seen` step below) for the correction on persons (kunang_returning_share_se_of).
-- `persons` the days' N_A + N_B (the weight of the site in a pooled share).
-- NULL where the devices' days are gone (retention.sql).
CREATE OR REPLACE FUNCTION kunang_returning_share(p_site integer, p_from date, p_to date)
RETURNS TABLE (share double precision, se double precision, persons double precision)
LANGUAGE sql STABLE AS $$
    WITH d AS (
        SELECT sd.day, coalesce(sd.persons_est, sd.visitors)::double precision AS pop,
               CASE WHEN sd.persons_est IS NOT NULL
                    THEN ((coalesce(sd.persons_high, sd.persons_est) - coalesce(sd.persons_low, sd.persons_est))
                          ::double precision) ^ 2 / 12 ELSE 0.0 END AS pop_var
        FROM site_daily sd
        WHERE sd.site_id = p_site AND sd.day BETWEEN p_from AND p_to AND sd.returning_base IS NOT NULL
          AND sd.history_days >= kunang_returning_window_days()
    ), a AS (
        SELECT d.day, count(m.user_id)::double precision AS na,
               (count(*) FILTER (WHERE m.is_returning))::double precision AS ra
        FROM d LEFT JOIN LATERAL kunang_returning_members(p_site, d.day) m ON true
        GROUP BY d.day
    ), u AS (
        SELECT d.day, r.device, r.is_returning
        FROM d CROSS JOIN LATERAL kunang_returning_sample(p_site, d.day) r WHERE NOT r.member
    ), ua AS (
        SELECT coalesce(array_agg(u.device ORDER BY u.day, u.device), '{}') AS dv,
               coalesce(array_agg(u.is_returning ORDER BY u.day, u.device), '{}') AS rt
        FROM u
    ), nb AS (
        SELECT d.day, greatest(d.pop - a.na, (SELECT count(*) FROM u WHERE u.day = d.day)) AS nb
        FROM d JOIN a ON a.day = d.day
    ), seen AS (
        -- the polls' capture rate of the days' visits: of the visitor devices the portal saw, the share the polls
        -- saw too (Lincoln-Petersen, as the persons estimate's unseen factor); NULL (unknown) where none of them
        -- was seen by the polls as well
        SELECT CASE WHEN count(*) FILTER (WHERE dd.source = 'both') > 0
                    THEN (count(*) FILTER (WHERE dd.source = 'both'))::double precision
                         / count(*) FILTER (WHERE dd.source IN ('portal', 'both')) END AS s
        FROM d JOIN device_day dd ON dd.site_id = p_site AND dd.day = d.day AND dd.is_visitor
    )
    SELECT x.share, x.se, (SELECT sum(na) FROM a) + (SELECT sum(nb) FROM nb)
    FROM kunang_returning_share_of((SELECT sum(na) FROM a), (SELECT sum(ra) FROM a),
                                   (SELECT dv FROM ua), (SELECT rt FROM ua),
                                   (SELECT sum(nb) FROM nb), (SELECT sum(pop_var) FROM d),
                                   (SELECT s FROM seen)) x
    WHERE EXISTS (SELECT 1 FROM d)
$$;

-- The standard error of kunang_returning_share (the range shown on the site page and in the reports).
CREATE OR REPLACE FUNCTION kunang_returning_share_se(p_site integer, p_from date, p_to date)
RETURNS double precision
LANGUAGE sql STABLE AS $$
    SELECT se FROM kunang_returning_share(p_site, p_from, p_to)
$$;

-- No returning share per day: no page or report shows one (a day's sample is a few dozen persons: docs/metrics.md
-- "Returning and new visitors"), so the daily visitors rows compute none. One day's share is kunang_returning_share
-- over that day (the site page's card with a one-day range). The function that computed it for every day, gone:
DROP FUNCTION IF EXISTS kunang_returning_share_daily(integer, date, date);
