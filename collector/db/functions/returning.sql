-- The returning share on stable identities: its sample and its standard error (docs/metrics.md "Returning and
-- new visitors", "Which devices estimate the returning share", "The returning share's sampling error").

-- The returning share's sample of a site-day: one row per person unit, `device` its key (the smallest
-- pseudonym among its devices) and its returning status (NULL in rotating-salt mode).
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
CREATE OR REPLACE FUNCTION kunang_returning_sample(p_site integer, p_day date)
RETURNS TABLE (device text, is_returning boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_tau  double precision := 120 + kunang_poll_interval_s();
    v_dev  text[];
    v_f    double precision[];
    v_l    double precision[];
    v_ret  boolean[];
    v_unit integer[];
    v_used boolean[];
    r      record;
BEGIN
    SELECT coalesce(array_agg(d.device ORDER BY d.device), '{}'),
           array_agg(extract(epoch FROM coalesce(cs.f, d.first_seen))::double precision ORDER BY d.device),
           array_agg(extract(epoch FROM coalesce(cs.l, d.last_seen))::double precision ORDER BY d.device),
           array_agg(d.is_returning ORDER BY d.device)
    INTO v_dev, v_f, v_l, v_ret
    FROM device_day d
    LEFT JOIN LATERAL (
        SELECT min(c.first_seen) AS f, max(c.last_seen) AS l FROM client_session c
        WHERE c.site_id = d.site_id AND c.device = d.device
          AND c.first_seen >= d.first_seen AND c.first_seen <= d.last_seen) cs ON true
    WHERE d.site_id = p_site AND d.day = p_day AND d.is_visitor AND NOT d.randomized
      AND d.source IN ('snmp', 'both');
    IF cardinality(v_dev) = 0 THEN
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
    -- a pair whose devices disagree (one returning, one not) is two persons that came and went together
    RETURN QUERY
        SELECT v_dev[q.k], bool_or(q.ret)
        FROM (SELECT g.i, g.ret, CASE WHEN bool_or(g.ret) OVER w IS DISTINCT FROM bool_and(g.ret) OVER w
                                      THEN g.i ELSE g.u END AS k
              FROM (SELECT i, v_unit[i] AS u, v_ret[i] AS ret FROM generate_subscripts(v_dev, 1) s(i)) g
              WINDOW w AS (PARTITION BY g.u)) q
        GROUP BY q.k;
END;
$$;

-- The standard error of a returning share from its sample (docs/metrics.md "The returning share's sampling
-- error"): rows (unit, returning) of one or more days, a unit in the sample on each of its days (a cluster);
-- the share is a ratio over a sample of clusters, linearised: var = n/(n-1) * sum_c (r_c - p b_c)^2 / B^2
-- (b_c the unit's days, r_c its returning days, B = sum b_c, n clusters), times the finite-population
-- correction 1 - B / population (the person-days the sample is drawn from: the persons estimate's; none where
-- the population is NULL). NULL with fewer than two units. Pure: bench/accuracy_seeds.py calls it on the model's samples.
CREATE OR REPLACE FUNCTION kunang_returning_share_se_of(p_units text[], p_returning boolean[],
                                                       p_population double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    WITH c AS (
        SELECT x.u, count(*)::double precision AS b, (count(*) FILTER (WHERE x.r))::double precision AS r
        FROM unnest(p_units, p_returning) x(u, r)
        WHERE x.r IS NOT NULL
        GROUP BY x.u
    ), t AS (
        SELECT count(*)::double precision AS n, sum(b) AS base, sum(r) / nullif(sum(b), 0) AS p FROM c
    )
    SELECT CASE WHEN t.n >= 2 THEN
        sqrt(t.n / (t.n - 1) * (SELECT sum((c.r - t.p * c.b) ^ 2) FROM c) / t.base ^ 2
             * CASE WHEN p_population IS NULL THEN 1.0
                    ELSE greatest(0.0, 1 - t.base / greatest(p_population, t.base)) END) END
    FROM t
$$;

-- The standard error of a site's returning share over local dates [p_from, p_to]: the days the shown share
-- counts (a full look-back window behind them: history_days >= the window; site_daily.returning_base), their
-- samples now, the population their persons estimates (visitors where a day has none). NULL where the
-- devices' days are gone (retention.sql) or fewer than two units remain.
CREATE OR REPLACE FUNCTION kunang_returning_share_se(p_site integer, p_from date, p_to date)
RETURNS double precision
LANGUAGE sql STABLE AS $$
    WITH d AS (
        SELECT sd.day, coalesce(sd.persons_est, sd.visitors) AS pop
        FROM site_daily sd
        WHERE sd.site_id = p_site AND sd.day BETWEEN p_from AND p_to AND sd.returning_base IS NOT NULL
          AND sd.history_days >= kunang_returning_window_days()
    )
    SELECT kunang_returning_share_se_of(array_agg(r.device), array_agg(r.is_returning),
                                        (SELECT sum(pop) FROM d)::double precision)
    FROM d CROSS JOIN LATERAL kunang_returning_sample(p_site, d.day) r
$$;
