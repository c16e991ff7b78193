-- The analytics refresh: site occupancy, visits, device-days, daily and monthly figures.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- Refresh of the analytics tables (docs/metrics.md). The collector calls
--   SELECT kunang_refresh_analytics(p_from, p_to);
-- after each rollup refresh (ap_hourly must be current first), e.g. every
-- 5 minutes for [now - 2 hours, now], and once after a backfill for its range.
-- Every statement recomputes whole local days of each site touched by
-- [p_from, p_to) (plus the day before, for visits crossing midnight), so the
-- refresh is idempotent and may be repeated. Every statement has constant
-- day/time bounds enclosing all sites' local days (whatever their UTC offset),
-- so the derived tables are read through indexes instead of whole.
--
-- No JIT: every refresh function (and kunang_refresh_accuracy, accuracy.sql)
-- carries `SET jit = off`, so the server's jit setting does not apply inside
-- them (nor in what they call). A server built with LLVM (Debian's PostgreSQL
-- 15: jit = on by default) compiles any plan costed above jit_above_cost
-- (100,000); these statements are costed far above it on small or skewed data
-- (a village's few rows, tables without statistics, generate_series estimated
-- at 1,000 rows a day), so every call compiled its plans anew: 1.7-4.5 s of CPU
-- per refresh in tests; bench/analytics.py on PostgreSQL 15: ~1.1 s of backend
-- CPU per 5-minute refresh against 35-90 ms without JIT (3 and 12 sites). The
-- refresh runs every 5 minutes on a 2-core office server, and its statements
-- run for milliseconds: compiled expressions never pay back the compile.
-- Embedded PostgreSQL has no JIT (the attribute is then a no-op). tests/analytics/test_ana008_no_jit.py keeps the
-- attribute; figures in docs/performance.md ("The analytics refresh without JIT").

-- Site occupancy per hour from the raw samples (hours without raw samples,
-- e.g. purged by retention, keep their rows).
CREATE OR REPLACE FUNCTION kunang_refresh_site_hourly(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_from timestamptz := date_trunc('hour', p_from);
    v_to   timestamptz := date_trunc('hour', p_to - interval '1 microsecond') + interval '1 hour';
    v_slot double precision := kunang_poll_interval_s();
BEGIN
    INSERT INTO site_hourly (site_id, bucket, clients_avg, clients_max, aps)
    SELECT m.site_id, m.bucket, a.clients_avg, m.clients_max, m.aps
    FROM (
        SELECT site_id, date_trunc('hour', slot) AS bucket, max(total)::integer AS clients_max, max(n) AS aps
        FROM (
            SELECT a.site_id, to_timestamp(floor(extract(epoch FROM s.time) / v_slot) * v_slot) AS slot,
                   sum(s.clients) AS total, count(DISTINCT s.ap_id) AS n
            FROM ap_sample s JOIN ap a ON a.id = s.ap_id AND NOT a.is_controller
            WHERE s.time >= v_from AND s.time < v_to AND s.reachable AND s.clients IS NOT NULL
            GROUP BY 1, 2
        ) slots
        GROUP BY 1, 2
    ) m
    JOIN (
        SELECT a.site_id, h.bucket, sum(h.clients_avg) AS clients_avg
        FROM ap_hourly h JOIN ap a ON a.id = h.ap_id AND NOT a.is_controller
        WHERE h.bucket >= v_from AND h.bucket < v_to
        GROUP BY 1, 2
    ) a ON a.site_id = m.site_id AND a.bucket = m.bucket
    ON CONFLICT (site_id, bucket) DO UPDATE
    SET clients_avg = EXCLUDED.clients_avg, clients_max = EXCLUDED.clients_max, aps = EXCLUDED.aps;
END;
$$;

-- Visits (SNMP + portal sessions merged per device) and device-days.
CREATE OR REPLACE FUNCTION kunang_refresh_visits(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_gap     interval := kunang_session_gap();
    v_min_s   integer := kunang_visitor_min_s();
    v_window  integer := kunang_returning_window_days();
    v_rot     boolean := kunang_rotating_salt();
    -- constant bounds enclosing every site's local days (any UTC offset), for index scans
    v_dlo     date := (p_from AT TIME ZONE 'UTC')::date - 3;
    v_dhi     date := (p_to AT TIME ZONE 'UTC')::date + 1;
BEGIN
    DELETE FROM visit v USING kunang_site_days(p_from, p_to) b
    WHERE v.site_id = b.site_id AND v.day BETWEEN b.lo AND b.hi AND v.day BETWEEN v_dlo AND v_dhi;

    INSERT INTO visit (site_id, day, device, randomized, started_at, ended_at, dwell_s, source, snmp_sessions,
                       portal_sessions, ap_ids, first_ap_id, ssid, snmp_bytes, portal_bytes, bytes,
                       polled_from, polled_to, timeout_end)
    WITH b AS (SELECT * FROM kunang_site_days(p_from, p_to)),
    iv AS (
        SELECT cs.site_id, cs.device, cs.randomized, cs.first_seen AS s, cs.last_seen AS e, 1 AS sn, 0 AS pn,
               cs.rx_bytes + cs.tx_bytes AS sb, 0::bigint AS pb, cs.ap_ids, cs.first_ap_id, cs.ssid,
               NULL::timestamptz AS pt
        FROM b JOIN client_session cs ON cs.site_id = b.site_id
         AND cs.first_seen >= b.lo_ts - interval '1 day' AND cs.first_seen < b.hi_ts
        UNION ALL
        SELECT ps.site_id, ps.device, coalesce(ps.randomized, false), ps.started_at,
               greatest(ps.started_at, coalesce(ps.ended_at, ps.last_update)), 0, 1,
               0, ps.bytes_in + ps.bytes_out, '{}'::integer[], NULL, NULL,
               -- ended by the portal's idle/keepalive timeout: that long after the device left
               CASE WHEN ps.end_reason ~* '(idle|keep-?alive)[ _-]?time-?out' THEN ps.ended_at END
        FROM b JOIN portal_session ps ON ps.site_id = b.site_id AND ps.device IS NOT NULL
         AND ps.started_at >= b.lo_ts - interval '1 day' AND ps.started_at < b.hi_ts
    ),
    o AS (
        SELECT iv.*, max(e) OVER (PARTITION BY site_id, device ORDER BY s, e
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e
        FROM iv
    ),
    g AS (
        SELECT o.*, sum(CASE WHEN prev_e IS NULL OR s > prev_e + v_gap THEN 1 ELSE 0 END)
                    OVER (PARTITION BY site_id, device ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS grp
        FROM o
    ),
    m AS (
        SELECT site_id, device, bool_or(randomized) AS randomized, min(s) AS started_at, max(e) AS ended_at,
               sum(sn)::integer AS sn, sum(pn)::integer AS pn, sum(sb)::bigint AS sb, sum(pb)::bigint AS pb,
               CASE WHEN sum(sn) > 1 THEN kunang_uniq(kunang_cat(ap_ids)) ELSE kunang_cat(ap_ids) END AS ap_ids,
               (array_agg(first_ap_id ORDER BY s) FILTER (WHERE first_ap_id IS NOT NULL))[1] AS first_ap_id,
               (array_agg(ssid ORDER BY s) FILTER (WHERE ssid IS NOT NULL))[1] AS ssid,
               min(s) FILTER (WHERE sn = 1) AS polled_from, max(e) FILTER (WHERE sn = 1) AS polled_to,
               max(pt) AS timeout_end
        FROM g GROUP BY site_id, device, grp
    )
    SELECT m.site_id, (m.started_at AT TIME ZONE b.tz)::date, m.device, m.randomized, m.started_at, m.ended_at,
           extract(epoch FROM m.ended_at - m.started_at)::integer,
           CASE WHEN m.sn > 0 AND m.pn > 0 THEN 'both' WHEN m.sn > 0 THEN 'snmp' ELSE 'portal' END,
           m.sn, m.pn, m.ap_ids, m.first_ap_id, m.ssid, m.sb, m.pb, greatest(m.sb, m.pb),
           m.polled_from, m.polled_to, m.timeout_end
    FROM m JOIN b ON b.site_id = m.site_id
    WHERE (m.started_at AT TIME ZONE b.tz)::date BETWEEN b.lo AND b.hi;

    DELETE FROM device_day d USING kunang_site_days(p_from, p_to) b
    WHERE d.site_id = b.site_id AND d.day BETWEEN b.lo AND b.hi AND d.day BETWEEN v_dlo AND v_dhi;

    INSERT INTO device_day (site_id, day, device, randomized, visits, presence_s, first_seen, last_seen, source,
                            bytes, is_visitor)
    SELECT v.site_id, v.day, v.device, bool_or(v.randomized), count(*), sum(v.dwell_s), min(v.started_at),
           max(v.ended_at),
           CASE WHEN bool_or(v.snmp_sessions > 0) AND bool_or(v.portal_sessions > 0) THEN 'both'
                WHEN bool_or(v.snmp_sessions > 0) THEN 'snmp' ELSE 'portal' END,
           sum(v.bytes), sum(v.dwell_s) >= v_min_s
    FROM visit v JOIN kunang_site_days(p_from, p_to) b ON b.site_id = v.site_id AND v.day BETWEEN b.lo AND b.hi
    WHERE v.day BETWEEN v_dlo AND v_dhi
    GROUP BY v.site_id, v.day, v.device;

    PERFORM kunang_refresh_returning(p_from, p_to);
END;
$$;

-- Returning: a device-day whose device was seen at the same site on another day of the previous `window`
-- days (D-W .. D-1; docs/metrics.md "Returning and new visitors"), for the device-days of the sites' days
-- touched by [p_from, p_to) and the `window` days after them (their look-back changed). Its own function so
-- that the accuracy check over many simulated worlds (tests/simulator/test_sim008_accuracy.py) runs this rule
-- on device-days it writes itself.
CREATE OR REPLACE FUNCTION kunang_refresh_returning(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_window integer := kunang_returning_window_days();
    v_rot    boolean := kunang_rotating_salt();
    v_dlo    date := (p_from AT TIME ZONE 'UTC')::date - 3;
    v_dhi    date := (p_to AT TIME ZONE 'UTC')::date + 1;
BEGIN
    UPDATE device_day d
    SET is_returning = CASE WHEN v_rot THEN NULL ELSE EXISTS (
            SELECT 1 FROM device_day p
            WHERE p.site_id = d.site_id AND p.device = d.device AND p.day >= d.day - v_window AND p.day < d.day) END
    FROM kunang_site_days(p_from, p_to) b
    WHERE d.site_id = b.site_id AND d.day BETWEEN b.lo AND b.hi + v_window
      AND d.day BETWEEN v_dlo AND v_dhi + v_window;
END;
$$;

-- Per-AP and per-site daily figures, per-site monthly figures.
CREATE OR REPLACE FUNCTION kunang_refresh_daily(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_window   integer := kunang_returning_window_days();
    v_rot      boolean := kunang_rotating_salt();
    v_interval double precision := kunang_poll_interval_s();
    v_cov_min  double precision := kunang_coverage_min();
    v_dlo      date := (p_from AT TIME ZONE 'UTC')::date - 3;
    v_dhi      date := (p_to AT TIME ZONE 'UTC')::date + 1;
    v_tlo      timestamptz := ((p_from AT TIME ZONE 'UTC')::date - 4)::timestamp AT TIME ZONE 'UTC';
    v_thi      timestamptz := ((p_to AT TIME ZONE 'UTC')::date + 3)::timestamp AT TIME ZONE 'UTC';
BEGIN
    DELETE FROM ap_daily d USING kunang_site_days(p_from, p_to) b
    WHERE d.site_id = b.site_id AND d.day BETWEEN b.lo AND b.hi AND d.day BETWEEN v_dlo AND v_dhi;

    INSERT INTO ap_daily (ap_id, site_id, day, open_s, polls_expected, polls, polls_ok, coverage, availability,
                          clients_max, clients_avg, sessions, devices, bytes)
    WITH b AS (SELECT * FROM kunang_site_days(p_from, p_to)),
    days AS (  -- opening hours until now: hours still to come today are not missed polls
        SELECT b.site_id, b.tz, d::date AS day,
               kunang_open_seconds(b.hours, b.holidays, d, least(d + interval '1 day', now() AT TIME ZONE b.tz)) AS open_s, b.hours, b.holidays
        FROM b CROSS JOIN generate_series(b.lo::timestamp, b.hi::timestamp, interval '1 day') AS d
    ),
    hrs AS (  -- open fraction of each hour of the open days (inline form of kunang_open_seconds)
        SELECT days.site_id, days.day, h AT TIME ZONE days.tz AS bucket,
               CASE WHEN days.hours = '{}'::jsonb THEN 1.0 ELSE
               coalesce((SELECT sum(greatest(0, extract(epoch FROM
                                    least(h + interval '1 hour', days.day + (r ->> 1)::time)
                                    - greatest(h, days.day + (r ->> 0)::time))))
                         FROM jsonb_array_elements(coalesce(days.hours -> (ARRAY['sun', 'mon', 'tue', 'wed', 'thu',
                              'fri', 'sat'])[extract(dow FROM days.day)::int + 1], '[]'::jsonb)) AS r), 0) / 3600.0
               END AS frac
        FROM days CROSS JOIN generate_series(days.day::timestamp, days.day + interval '23 hours',
                                             interval '1 hour') AS h
        WHERE days.open_s > 0
    ),
    hh AS (
        SELECT h.ap_id, a.site_id, (h.bucket AT TIME ZONE b.tz)::date AS day,
               sum(h.polls * coalesce(r.frac, 0)) AS polls,
               sum(h.reachable_polls * coalesce(r.frac, 0)) AS polls_ok,
               max(h.clients_max) AS clients_max,
               sum(h.clients_avg * coalesce(r.frac, 0)) FILTER (WHERE h.clients_avg IS NOT NULL)
                 / nullif(sum(coalesce(r.frac, 0)) FILTER (WHERE h.clients_avg IS NOT NULL), 0) AS clients_avg
        FROM b JOIN ap a ON a.site_id = b.site_id
        JOIN ap_hourly h ON h.ap_id = a.id AND h.bucket >= b.lo_ts AND h.bucket < b.hi_ts
         AND h.bucket >= v_tlo AND h.bucket < v_thi
        LEFT JOIN hrs r ON r.site_id = a.site_id AND r.bucket = h.bucket
        GROUP BY 1, 2, 3
    ),
    vs AS (
        SELECT v.site_id, v.day, v.first_ap_id AS ap_id, count(*) AS sessions, sum(v.snmp_bytes) AS bytes
        FROM visit v JOIN b ON b.site_id = v.site_id AND v.day BETWEEN b.lo AND b.hi
        WHERE v.first_ap_id IS NOT NULL AND v.day BETWEEN v_dlo AND v_dhi
        GROUP BY 1, 2, 3
    ),
    vd AS (
        SELECT v.site_id, v.day, x.ap_id, count(DISTINCT v.device) AS devices
        FROM visit v JOIN b ON b.site_id = v.site_id AND v.day BETWEEN b.lo AND b.hi
        CROSS JOIN LATERAL unnest(v.ap_ids) AS x(ap_id)
        WHERE v.day BETWEEN v_dlo AND v_dhi
        GROUP BY 1, 2, 3
    )
    SELECT a.id, a.site_id, days.day, days.open_s, days.open_s / v_interval,
           coalesce(hh.polls, 0), coalesce(hh.polls_ok, 0),
           CASE WHEN days.open_s > 0 THEN least(1.0, coalesce(hh.polls_ok, 0) / (days.open_s / v_interval)) END,
           CASE WHEN hh.polls > 0 THEN hh.polls_ok / hh.polls END,
           hh.clients_max, hh.clients_avg,
           coalesce(vs.sessions, 0), coalesce(vd.devices, 0), coalesce(vs.bytes, 0)
    FROM days JOIN ap a ON a.site_id = days.site_id
    LEFT JOIN hh ON hh.ap_id = a.id AND hh.day = days.day
    LEFT JOIN vs ON vs.ap_id = a.id AND vs.day = days.day AND vs.site_id = days.site_id
    LEFT JOIN vd ON vd.ap_id = a.id AND vd.day = days.day AND vd.site_id = days.site_id
    WHERE a.active OR hh.ap_id IS NOT NULL OR vs.ap_id IS NOT NULL;

    DELETE FROM site_daily d USING kunang_site_days(p_from, p_to) b
    WHERE d.site_id = b.site_id AND d.day BETWEEN b.lo AND b.hi AND d.day BETWEEN v_dlo AND v_dhi;

    INSERT INTO site_daily
    WITH b AS (SELECT * FROM kunang_site_days(p_from, p_to)),
    days AS (
        SELECT b.site_id, b.tz, d::date AS day, b.lo_ts, b.hi_ts,
               kunang_open_seconds(b.hours, b.holidays, d, least(d + interval '1 day', now() AT TIME ZONE b.tz)) AS open_s
        FROM b CROSS JOIN generate_series(b.lo::timestamp, b.hi::timestamp, interval '1 day') AS d
    ),
    v AS (
        SELECT v.site_id, v.day, count(*) AS sessions,
               count(*) FILTER (WHERE source = 'snmp') AS s_snmp,
               count(*) FILTER (WHERE source = 'portal') AS s_portal,
               count(*) FILTER (WHERE source = 'both') AS s_both,
               sum(snmp_sessions) AS snmp_sessions, sum(portal_sessions) AS portal_sessions,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS p50,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS p90,
               count(*) FILTER (WHERE dwell_s < 300) AS b0,
               count(*) FILTER (WHERE dwell_s >= 300 AND dwell_s < 900) AS b1,
               count(*) FILTER (WHERE dwell_s >= 900 AND dwell_s < 1800) AS b2,
               count(*) FILTER (WHERE dwell_s >= 1800 AND dwell_s < 3600) AS b3,
               count(*) FILTER (WHERE dwell_s >= 3600 AND dwell_s < 7200) AS b4,
               count(*) FILTER (WHERE dwell_s >= 7200) AS b5,
               sum(bytes) AS bytes, sum(snmp_bytes) AS snmp_bytes, sum(portal_bytes) AS portal_bytes
        FROM visit v JOIN b ON b.site_id = v.site_id AND v.day BETWEEN b.lo AND b.hi
        WHERE v.day BETWEEN v_dlo AND v_dhi
        GROUP BY 1, 2
    ),
    dd AS (
        SELECT d.site_id, d.day, count(*) AS devices,
               count(*) FILTER (WHERE is_visitor) AS visitors,
               count(*) FILTER (WHERE NOT is_visitor) AS passersby,
               count(*) FILTER (WHERE is_visitor AND is_returning) AS returning_visitors,
               count(*) FILTER (WHERE is_visitor AND randomized) AS randomized_visitors,
               count(*) FILTER (WHERE randomized) AS randomized_devices,
               count(*) FILTER (WHERE source IN ('snmp', 'both')) AS snmp_devices,
               count(*) FILTER (WHERE source IN ('portal', 'both')) AS portal_devices,
               count(*) FILTER (WHERE source = 'both') AS both_devices
        FROM device_day d JOIN b ON b.site_id = d.site_id AND d.day BETWEEN b.lo AND b.hi
        WHERE d.day BETWEEN v_dlo AND v_dhi
        GROUP BY 1, 2
    ),
    pl AS (
        SELECT ps.site_id, (ps.started_at AT TIME ZONE b.tz)::date AS day, count(*) AS logins,
               count(DISTINCT coalesce(ps.user_id, ps.device)) AS users
        FROM portal_session ps JOIN b ON b.site_id = ps.site_id
         AND ps.started_at >= b.lo_ts AND ps.started_at < b.hi_ts
        GROUP BY 1, 2
    ),
    pf AS (
        SELECT pe.site_id, (pe.time AT TIME ZONE b.tz)::date AS day, count(*) AS failed
        FROM portal_event pe JOIN b ON b.site_id = pe.site_id
         AND pe.time >= b.lo_ts AND pe.time < b.hi_ts AND pe.kind = 'login_failed'
         AND pe.time >= v_tlo AND pe.time < v_thi
        GROUP BY 1, 2
    ),
    ad AS (
        SELECT d.site_id, d.day, sum(d.polls_expected) AS expected, sum(d.polls_ok) AS ok
        FROM ap_daily d JOIN ap a ON a.id = d.ap_id AND NOT a.is_controller
        JOIN b ON b.site_id = d.site_id AND d.day BETWEEN b.lo AND b.hi
        WHERE d.day BETWEEN v_dlo AND v_dhi
        GROUP BY 1, 2
    )
    SELECT days.site_id, days.day,
           coalesce(v.sessions, 0), coalesce(v.s_snmp, 0), coalesce(v.s_portal, 0), coalesce(v.s_both, 0),
           coalesce(v.snmp_sessions, 0), coalesce(v.portal_sessions, 0),
           coalesce(dd.devices, 0), coalesce(dd.visitors, 0), coalesce(dd.passersby, 0),
           CASE WHEN v_rot THEN NULL ELSE coalesce(dd.visitors, 0) - coalesce(dd.returning_visitors, 0) END,
           CASE WHEN v_rot THEN NULL ELSE coalesce(dd.returning_visitors, 0) END,
           coalesce(dd.randomized_visitors, 0), coalesce(dd.randomized_devices, 0),
           coalesce(dd.snmp_devices, 0), coalesce(dd.portal_devices, 0), coalesce(dd.both_devices, 0),
           v.p50, v.p90,
           coalesce(v.b0, 0), coalesce(v.b1, 0), coalesce(v.b2, 0), coalesce(v.b3, 0), coalesce(v.b4, 0),
           coalesce(v.b5, 0),
           coalesce(v.bytes, 0), coalesce(v.snmp_bytes, 0), coalesce(v.portal_bytes, 0),
           coalesce(pl.logins, 0), coalesce(pf.failed, 0), coalesce(pl.users, 0),
           days.open_s, coalesce(ad.expected, 0), coalesce(ad.ok, 0),
           CASE WHEN ad.expected > 0 THEN least(1.0, ad.ok / ad.expected) END,
           coalesce(ad.expected > 0 AND ad.ok / ad.expected < v_cov_min, false)
    FROM days
    LEFT JOIN v ON v.site_id = days.site_id AND v.day = days.day
    LEFT JOIN dd ON dd.site_id = days.site_id AND dd.day = days.day
    LEFT JOIN pl ON pl.site_id = days.site_id AND pl.day = days.day
    LEFT JOIN pf ON pf.site_id = days.site_id AND pf.day = days.day
    LEFT JOIN ad ON ad.site_id = days.site_id AND ad.day = days.day;

    -- later days whose returning flags may have changed (backfills)
    UPDATE site_daily s
    SET returning_visitors = CASE WHEN v_rot THEN NULL ELSE x.ret END,
        new_visitors = CASE WHEN v_rot THEN NULL ELSE s.visitors - x.ret END
    FROM (
        SELECT d.site_id, d.day, count(*) FILTER (WHERE d.is_visitor AND d.is_returning) AS ret
        FROM device_day d JOIN kunang_site_days(p_from, p_to) b
          ON b.site_id = d.site_id AND d.day > b.hi AND d.day <= b.hi + v_window
        WHERE d.day > v_dlo AND d.day <= v_dhi + v_window
        GROUP BY 1, 2
    ) x
    WHERE s.site_id = x.site_id AND s.day = x.day;

    DELETE FROM site_monthly m USING kunang_site_days(p_from, p_to) b
    WHERE m.site_id = b.site_id AND m.month BETWEEN date_trunc('month', b.lo)::date
                                              AND date_trunc('month', b.hi + v_window)::date
      AND m.month >= date_trunc('month', v_dlo)::date;
    INSERT INTO site_monthly
    WITH b AS (SELECT * FROM kunang_site_days(p_from, p_to)),
    mb AS (SELECT site_id, date_trunc('month', lo)::date AS m_lo,
                  (date_trunc('month', hi + v_window) + interval '1 month')::date AS m_hi FROM b),
    dd AS (
        SELECT d.site_id, date_trunc('month', d.day)::date AS month,
               count(DISTINCT d.device) AS devices,
               count(DISTINCT d.device) FILTER (WHERE d.is_visitor) AS visitors,
               count(DISTINCT d.device) FILTER (WHERE d.is_visitor AND d.randomized) AS rnd,
               count(DISTINCT d.device) FILTER (WHERE d.is_visitor AND d.is_returning) AS ret
        FROM device_day d JOIN mb ON mb.site_id = d.site_id AND d.day >= mb.m_lo AND d.day < mb.m_hi
        WHERE d.day >= date_trunc('month', v_dlo)::date
          AND d.day < (date_trunc('month', v_dhi + v_window) + interval '1 month')::date
        GROUP BY 1, 2
    ),
    vv AS (
        SELECT v.site_id, date_trunc('month', v.day)::date AS month,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY v.dwell_s) AS p50,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY v.dwell_s) AS p90
        FROM visit v JOIN mb ON mb.site_id = v.site_id AND v.day >= mb.m_lo AND v.day < mb.m_hi
        WHERE v.day >= date_trunc('month', v_dlo)::date
          AND v.day < (date_trunc('month', v_dhi + v_window) + interval '1 month')::date
        GROUP BY 1, 2
    )
    SELECT dd.site_id, dd.month, dd.devices, dd.visitors, dd.rnd, CASE WHEN v_rot THEN NULL ELSE dd.ret END,
           vv.p50, vv.p90
    FROM dd LEFT JOIN vv ON vv.site_id = dd.site_id AND vv.month = dd.month;
END;
$$;

-- Everything, in order, under one lock. p_occupancy = false leaves site_hourly
-- alone (the synthetic-data generator writes it directly). Visits, daily
-- figures and their accuracy columns (accuracy.sql) start two days after the
-- retention horizon (see kunang_purge).
CREATE OR REPLACE FUNCTION kunang_refresh_analytics(p_from timestamptz, p_to timestamptz,
                                                    p_occupancy boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_horizon timestamptz := kunang_setting('retention.device_purged_before', '-infinity')::timestamptz
                             + interval '2 days';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kunang_refresh_analytics'));
    IF p_occupancy THEN
        PERFORM kunang_refresh_site_hourly(p_from, p_to);
    END IF;
    IF p_to > v_horizon THEN
        PERFORM kunang_refresh_visits(greatest(p_from, v_horizon), p_to);
        PERFORM kunang_refresh_daily(greatest(p_from, v_horizon), p_to);
        PERFORM kunang_refresh_accuracy(greatest(p_from, v_horizon), p_to);
    END IF;
END;
$$;
