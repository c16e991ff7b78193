-- Candidate mappings of the poll-only visits' estimated stays (issue 22; docs/metrics.md "Dwell on a site-day
-- with a blind AP (estimate)", "The poll-only visits' mapping"). NOT product SQL: a bench input that replaces
-- kunang_refresh_dwell_estimate inside bench/accuracy_dwell_model.py's rolled-back transaction:
--     python -m bench.accuracy_dwell_model --dsn MIGRATED_DB --seeds 1-40 \
--         --functions bench/dwell_mapping_candidates.sql --set kd.mode=smooth --set kd.hfrac=0.1
-- With the defaults (kd.mode=step, kd.win=28, kd.min=100, kd.lambda=1) it is the product's rule until 2026-12-08
-- (same figures to the hundredth); with kd.mode=smooth kd.hfrac=0.1 the rule since then (collector/db/functions/
-- dwell_estimate.sql, the one home of the product's rule; this file is a bench input only). Settings:
--   kd.mode   step: bounded[k], k = calibration polled lengths <= the visit's (the rule: the top of a tie);
--             hash: a rank within the tie drawn from a hash of (device, start) (what jittered poll instants do);
--             interp: the mid-rank of the tie, bounded interpolated there;
--             smooth: dwell + the Q-Q shortfall (bounded[j] - polled[j]) averaged over ranks mid-rank +- h;
--             ratio: dwell x sum(bounded) / sum(polled) over those ranks;
--             pair: dwell + the mean paired shortfall (each calibration visit's own bounded - polled) over the
--             h visits either side in polled order (a conditional mean, not a quantile map);
--   kd.hfrac  h as a share of the calibration (0.1: +-10 % of its ranks);
--   kd.win    calibration window in days (the day and the win - 1 before); kd.min: fewest calibration visits;
--   kd.lambda shrinkage towards the floor: dwell + P + lambda x (mapped - dwell - P);
--   kd.wpool  the unseen visits' weights (step 6): day (the rule), trail (kd.wwin days), month, shrink (kd.wk).
-- The floor dwell + P applies to every mode, as in the rule.
CREATE OR REPLACE FUNCTION kd_set(p text, p_def text) RETURNS text LANGUAGE sql STABLE AS $f$
    SELECT coalesce(nullif(current_setting(p, true), ''), p_def) $f$;

-- cu interpolated at a real rank r (1..n)
CREATE OR REPLACE FUNCTION kd_at(a double precision[], r double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $f$
    SELECT CASE WHEN r <= 1 THEN a[1] WHEN r >= cardinality(a) THEN a[cardinality(a)]
           ELSE a[floor(r)::int] + (r - floor(r)) * (a[floor(r)::int + 1] - a[floor(r)::int]) END $f$;

CREATE OR REPLACE FUNCTION kunang_refresh_dwell_estimate(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_dlo  date := (p_from AT TIME ZONE 'UTC')::date - 3;
    v_dhi  date := (p_to AT TIME ZONE 'UTC')::date + 1;
    v_half double precision := kunang_poll_interval_s() / 2.0;
    v_win  integer := kd_set('kd.win', '28')::integer;
    v_min  integer := kd_set('kd.min', '100')::integer;
    v_mode text := kd_set('kd.mode', 'step');
    v_hf   double precision := kd_set('kd.hfrac', '0')::double precision;
    v_lam  double precision := kd_set('kd.lambda', '1')::double precision;
    d      record;
    v_lag  double precision;
    v_cs   double precision[];
    v_cu   double precision[];
    v_sm   double precision[];
    v_n    integer;
    v_h    integer;
BEGIN
    FOR d IN
        SELECT sd.site_id, sd.day, cardinality(sd.blind_aps) > 0 AS blind
        FROM kunang_site_days(p_from, p_to) b
        JOIN site_daily sd ON sd.site_id = b.site_id AND sd.day BETWEEN b.lo AND b.hi AND sd.day BETWEEN v_dlo AND v_dhi
    LOOP
        v_cs := NULL; v_sm := NULL;
        IF d.blind AND v_half * 2 <= 120 THEN
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM w.timeout_end - w.polled_to))
            INTO v_lag
            FROM visit w
            WHERE w.site_id = d.site_id AND w.day BETWEEN d.day - (v_win - 1) AND d.day
              AND w.timeout_end = w.ended_at AND w.polled_to IS NOT NULL;
            CREATE TEMP TABLE IF NOT EXISTS kd_cal (polled double precision, stay double precision);
            TRUNCATE kd_cal;
            INSERT INTO kd_cal
                SELECT extract(epoch FROM w.polled_to - w.polled_from),
                       kunang_bounded_stay_s(w.started_at, w.ended_at, w.polled_from, w.polled_to, w.timeout_end,
                                             v_lag, v_half)
                FROM visit w
                WHERE w.site_id = d.site_id AND w.day BETWEEN d.day - (v_win - 1) AND d.day
                  AND w.portal_sessions > 0 AND w.polled_from IS NOT NULL;
            SELECT array_agg(polled ORDER BY polled), array_agg(stay ORDER BY stay) INTO v_cs, v_cu FROM kd_cal;
            v_n := cardinality(v_cs);
            IF v_n < v_min THEN
                v_cs := NULL;
            ELSE
                v_h := greatest(0, round(v_hf * v_n))::int;
                IF v_mode IN ('smooth', 'ratio') THEN  -- Q-Q shortfall (or ratio) averaged over ranks j-h .. j+h
                    SELECT array_agg(CASE WHEN v_mode = 'smooth' THEN (s_u - s_s) / c ELSE s_u / nullif(s_s, 0) END ORDER BY j)
                    INTO v_sm
                    FROM (SELECT j, sum(u) OVER w AS s_u, sum(s) OVER w AS s_s, count(*) OVER w AS c
                          FROM unnest(v_cs, v_cu) WITH ORDINALITY AS q(s, u, j)
                          WINDOW w AS (ORDER BY j ROWS BETWEEN v_h PRECEDING AND v_h FOLLOWING)) z;
                ELSIF v_mode = 'pair' THEN  -- paired shortfall, mean over the pairs of neighbouring polled rank
                    SELECT array_agg(m ORDER BY j) INTO v_sm
                    FROM (SELECT row_number() OVER (ORDER BY polled, stay) AS j,
                                 avg(stay - polled) OVER (ORDER BY polled, stay ROWS BETWEEN v_h PRECEDING AND v_h FOLLOWING) AS m
                          FROM kd_cal) z;
                END IF;
            END IF;
        END IF;
        UPDATE visit v
        SET dwell_est_s = CASE WHEN v_cs IS NULL THEN NULL ELSE round(CASE
                WHEN v.portal_sessions > 0 OR v.polled_from IS NULL
                    THEN kunang_bounded_stay_s(v.started_at, v.ended_at, v.polled_from, v.polled_to, v.timeout_end,
                                               v_lag, v_half)
                ELSE v.dwell_s + 2 * v_half + v_lam * (greatest(v.dwell_s + 2 * v_half, r.m) - v.dwell_s - 2 * v_half) END) END
        FROM (SELECT q.device, q.started_at, CASE
                WHEN v_cs IS NULL THEN NULL
                WHEN v_mode = 'step' THEN coalesce(v_cu[q.hi], 0)
                WHEN v_mode = 'hash' THEN coalesce(v_cu[CASE WHEN q.lo <= q.hi
                        THEN q.lo + floor(q.u * (q.hi - q.lo + 1))::int ELSE q.hi END], 0)
                WHEN v_mode = 'interp' THEN CASE WHEN q.hi = 0 THEN 0 ELSE kd_at(v_cu, (q.lo + q.hi) / 2.0) END
                WHEN v_mode = 'smooth' THEN q.x + v_sm[greatest(1, least(v_n, round((q.lo + q.hi) / 2.0)::int))]
                WHEN v_mode = 'ratio' THEN q.x * v_sm[greatest(1, least(v_n, round((q.lo + q.hi) / 2.0)::int))]
                WHEN v_mode = 'pair' THEN q.x + v_sm[greatest(1, least(v_n, round((q.lo + q.hi) / 2.0)::int))]
              END AS m
              FROM (SELECT w.device, w.started_at, w.dwell_s::double precision AS x,
                           CASE WHEN v_cs IS NULL THEN 0 ELSE width_bucket(w.dwell_s - 0.001, v_cs) + 1 END AS lo,
                           CASE WHEN v_cs IS NULL THEN 0 ELSE width_bucket(w.dwell_s::double precision, v_cs) END AS hi,
                           ((hashtext(w.device || w.started_at::text)::bigint % 1000003 + 1000003) % 1000003) / 1000003.0 AS u
                    FROM visit w WHERE w.site_id = d.site_id AND w.day = d.day) q) r
        WHERE v.site_id = d.site_id AND v.day = d.day AND v.device = r.device AND v.started_at = r.started_at;
        UPDATE site_daily s
        SET dwell_median_est_s = CASE WHEN v_cs IS NOT NULL THEN (
                SELECT kunang_weighted_median(array_agg(v.dwell_est_s::double precision),
                                              array_agg(kunang_dwell_weight(v.source, true, s.sessions_portal_only,
                                                                            s.sessions_both)))
                FROM visit v WHERE v.site_id = d.site_id AND v.day = d.day) END
        WHERE s.site_id = d.site_id AND s.day = d.day;
    END LOOP;
    -- The unseen visits' weights pooled (kd.wpool; a bench stand-in: the pooled ratio portal_only / both is written
    -- into the site-days' own counts, scaled to 10^6 'both', which the month's weighted median and --explain read;
    -- rolled back with the rest). day: each day's own ratio (the rule); trail: sum portal_only / sum both over
    -- the blind-AP days of the trailing kd.wwin days (a ratio of sums); month: over the calendar month's blind-AP days;
    -- shrink: (portal_only + k R) / (both + k), R the trailing ratio, k = kd.wk pseudo-visits seen by both.
    IF kd_set('kd.wpool', 'day') <> 'day' THEN
        UPDATE site_daily s
        SET sessions_portal_only = CASE WHEN p.b > 0 THEN round(1e6 * p.po / p.b) ELSE s.sessions_portal_only END,
            sessions_both = CASE WHEN p.b > 0 THEN 1000000 ELSE s.sessions_both END
        FROM (SELECT x.site_id, x.day,
                     CASE kd_set('kd.wpool', 'day')
                         WHEN 'trail' THEN t.po WHEN 'month' THEN m.po
                         ELSE x.sessions_portal_only + coalesce(kd_set('kd.wk', '10')::float8 * t.po / nullif(t.b, 0), 0) END AS po,
                     CASE kd_set('kd.wpool', 'day')
                         WHEN 'trail' THEN t.b WHEN 'month' THEN m.b
                         ELSE x.sessions_both + kd_set('kd.wk', '10')::float8 END AS b
              FROM site_daily x
              CROSS JOIN LATERAL (SELECT sum(y.sessions_portal_only)::float8 AS po, sum(y.sessions_both)::float8 AS b
                                  FROM site_daily y WHERE y.site_id = x.site_id AND cardinality(y.blind_aps) > 0
                                    AND y.day BETWEEN x.day - (kd_set('kd.wwin', '28')::integer - 1) AND x.day) t
              CROSS JOIN LATERAL (SELECT sum(y.sessions_portal_only)::float8 AS po, sum(y.sessions_both)::float8 AS b
                                  FROM site_daily y WHERE y.site_id = x.site_id AND cardinality(y.blind_aps) > 0
                                    AND date_trunc('month', y.day) = date_trunc('month', x.day)) m
              WHERE cardinality(x.blind_aps) > 0) p
        WHERE s.site_id = p.site_id AND s.day = p.day;
    END IF;
END;
$$;
