-- The estimated dwell of site-days with a blind AP (issue 22, docs/metrics.md "Dwell on a site-day
-- with a blind AP (estimate)"); the columns of migration 0240_dwell_estimate. Called by
-- kunang_refresh_accuracy (accuracy.sql) after the site-days' blind APs are known.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the pending migrations: this
-- file is the one home of these functions. Change them here, never in a migration.
--
-- A blind AP (no client rows) cuts the polled part of every stay that begins or ends on it. A portal
-- session that carries the device's MAC bounds the stay whatever AP the device is on (login to logout),
-- so the site's visits with one show how its polls see a stay: for each of them both the polled
-- length (first to last listing poll) and the portal-bounded stay are known. Over the site's visits of
-- the trailing 28 days (the calibration), a visit seen by the polls alone gets the portal-bounded stay
-- at the rank its polled length has among the calibration's polled lengths (quantile mapping; never
-- shorter than measured); a visit with such a portal session keeps its own portal-bounded stay. A
-- portal end by an idle/keepalive timeout comes that timeout after the device left: it is moved back
-- by the site's lag, the median of (timed-out portal end - last listing poll) over the calibration.
-- Assumes, as the capture-recapture of unseen visits does, that logging in with a MAC does not depend
-- on which AP a device is on. Fewer than 100 calibration visits, or polls more than 2 minutes apart: no
-- estimate (the day shows the measured dwell, flagged incomplete). One site-day at a time: the live
-- refresh touches two or three.

-- A visit's stay bounded by its sightings: a timed-out portal end moved back by p_lag seconds, and half a
-- poll interval (p_half) added at each end a poll bounds (the device arrived, on average, half an
-- interval before the first poll that listed it and left half an interval after the last).
CREATE OR REPLACE FUNCTION kunang_bounded_stay_s(p_started timestamptz, p_ended timestamptz,
                                                 p_polled_from timestamptz, p_polled_to timestamptz,
                                                 p_timeout_end timestamptz, p_lag double precision,
                                                 p_half double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT extract(epoch FROM e.t - p_started) + e.half
           + CASE WHEN p_polled_from IS NOT NULL AND p_polled_from <= p_started THEN p_half ELSE 0 END
    FROM (SELECT CASE
              WHEN p_timeout_end IS NOT NULL AND p_timeout_end >= p_ended AND p_lag IS NOT NULL
                  THEN greatest(p_started, coalesce(p_polled_to, p_started), p_ended - make_interval(secs => p_lag))
              ELSE p_ended END AS t,
          CASE WHEN (p_timeout_end IS NOT NULL AND p_timeout_end >= p_ended AND p_lag IS NOT NULL)
                    OR p_polled_to >= p_ended THEN p_half ELSE 0 END AS half) e
$$;

-- The visits no source saw (kunang_unseen_visits, accuracy.sql: snmp_only x portal_only / both) are missing
-- from the visits the median runs over, and they are shorter (stays too short to log in are never
-- identified, so on the blind AP nothing sees them). Under the capture-recapture's own assumption
-- (identifying a visit by a login with a MAC does not depend on the AP) the unseen visits are to the
-- poll-only visits (source 'snmp') as the portal-only ones are to those both saw: each poll-only visit
-- stands for portal_only / both unseen ones with its stay. So the estimated median is a weighted median:
-- weight 1 + portal_only / both for a poll-only visit with an estimate (p_estimated), 1 for every other
-- visit (docs/metrics.md "Dwell on a site-day with a blind AP (estimate)", step 6). The weights of a day
-- sum to its sessions + the unrounded unseen visits.
CREATE OR REPLACE FUNCTION kunang_dwell_weight(p_source text, p_estimated boolean, p_portal_only double precision,
                                               p_both double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_estimated AND p_source = 'snmp' AND p_both > 0 THEN 1.0 + p_portal_only / p_both ELSE 1.0 END
$$;

-- The weighted median of p_values (NULLs skipped): the value where the cumulative weight (values in
-- ascending order) reaches half the total; where it reaches it exactly, the mean of that value and the
-- next, so with unit weights it is percentile_cont(0.5). NULL for no values.
CREATE OR REPLACE FUNCTION kunang_weighted_median(p_values double precision[], p_weights double precision[])
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    WITH x AS (
        SELECT u.v, row_number() OVER (ORDER BY u.v, u.i) AS k,
               sum(u.w) OVER (ORDER BY u.v, u.i) AS cum, sum(u.w) OVER () AS tot
        FROM unnest(p_values, p_weights) WITH ORDINALITY AS u(v, w, i)
        WHERE u.v IS NOT NULL
    ), a AS (
        SELECT v, k, cum, tot FROM x WHERE cum >= x.tot / 2 - 1e-9 * x.tot ORDER BY k LIMIT 1
    )
    SELECT CASE WHEN a.cum <= a.tot / 2 + 1e-9 * a.tot THEN (a.v + coalesce(b.v, a.v)) / 2 ELSE a.v END
    FROM a LEFT JOIN x b ON b.k = a.k + 1
$$;

-- The mid-rank of p_x among the ascending p_sorted (the middle of the ranks of the values equal to it; between the
-- neighbours' ranks where none is), rounded and kept within 1 .. cardinality: a poll-only visit's place in the
-- calibration that does not depend on whether equal polled lengths are exactly equal (exact poll instants)
-- or a few milliseconds apart (a live poller's timestamps).
CREATE OR REPLACE FUNCTION kunang_mid_rank(p_x double precision, p_sorted double precision[])
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT greatest(1, least(cardinality(p_sorted),
                             round((width_bucket(p_x - 0.001, p_sorted) + 1 + width_bucket(p_x, p_sorted)) / 2.0)::integer))
$$;

CREATE OR REPLACE FUNCTION kunang_refresh_dwell_estimate(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_dlo  date := (p_from AT TIME ZONE 'UTC')::date - 3;
    v_dhi  date := (p_to AT TIME ZONE 'UTC')::date + 1;
    v_half double precision := kunang_poll_interval_s() / 2.0;
    d      record;
    v_lag  double precision;
    v_cs   double precision[];
    v_cu   double precision[];
    v_sf   double precision[];
BEGIN
    FOR d IN
        SELECT sd.site_id, sd.day, cardinality(sd.blind_aps) > 0 AS blind
        FROM kunang_site_days(p_from, p_to) b
        JOIN site_daily sd ON sd.site_id = b.site_id AND sd.day BETWEEN b.lo AND b.hi AND sd.day BETWEEN v_dlo AND v_dhi
    LOOP
        v_cs := NULL;
        -- polls as coarse as the stays (P > 2 min): detection, not truncation, biases the median
        IF d.blind AND v_half * 2 <= 120 THEN
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM w.timeout_end - w.polled_to))
            INTO v_lag
            FROM visit w
            WHERE w.site_id = d.site_id AND w.day BETWEEN d.day - 27 AND d.day
              AND w.timeout_end = w.ended_at AND w.polled_to IS NOT NULL;
            SELECT array_agg(x.polled ORDER BY x.polled), array_agg(x.stay ORDER BY x.stay)
            INTO v_cs, v_cu
            FROM (
                SELECT extract(epoch FROM w.polled_to - w.polled_from) AS polled,
                       kunang_bounded_stay_s(w.started_at, w.ended_at, w.polled_from, w.polled_to, w.timeout_end,
                                             v_lag, v_half) AS stay
                FROM visit w
                WHERE w.site_id = d.site_id AND w.day BETWEEN d.day - 27 AND d.day
                  AND w.portal_sessions > 0 AND w.polled_from IS NOT NULL
            ) x;
            IF v_cs IS NULL OR cardinality(v_cs) < 100 THEN  -- a quantile of fewer is too uncertain (about +-5 % at 100)
                v_cs := NULL;
            ELSE  -- the shortfall bounded - polled at each rank, averaged over the ranks within +-10 % of the calibration
                SELECT array_agg(z.sf ORDER BY z.j) INTO v_sf
                FROM (SELECT q.j, avg(q.u - q.s) OVER (ORDER BY q.j ROWS BETWEEN round(0.1 * cardinality(v_cs))::integer
                                                       PRECEDING AND round(0.1 * cardinality(v_cs))::integer FOLLOWING) AS sf
                      FROM unnest(v_cs, v_cu) WITH ORDINALITY AS q(s, u, j)) z;
            END IF;
        END IF;
        UPDATE visit v
        SET dwell_est_s = CASE WHEN v_cs IS NULL THEN NULL ELSE round(CASE
                WHEN v.portal_sessions > 0 OR v.polled_from IS NULL
                    THEN kunang_bounded_stay_s(v.started_at, v.ended_at, v.polled_from, v.polled_to, v.timeout_end,
                                               v_lag, v_half)
                ELSE v.dwell_s + greatest(2 * v_half, v_sf[kunang_mid_rank(v.dwell_s, v_cs)]) END) END
        WHERE v.site_id = d.site_id AND v.day = d.day;
        UPDATE site_daily s
        SET dwell_median_est_s = CASE WHEN v_cs IS NOT NULL THEN (
                SELECT kunang_weighted_median(array_agg(v.dwell_est_s::double precision),
                                              array_agg(kunang_dwell_weight(v.source, true, s.sessions_portal_only,
                                                                            s.sessions_both)))
                FROM visit v WHERE v.site_id = d.site_id AND v.day = d.day) END
        WHERE s.site_id = d.site_id AND s.day = d.day;
    END LOOP;
END;
$$;
