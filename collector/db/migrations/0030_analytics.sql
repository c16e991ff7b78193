-- Usage analytics (docs/metrics.md): visits joined across SNMP and portal,
-- device-days, per-site/AP daily and monthly figures, site occupancy per hour.
-- Plain tables in both storage modes (no TimescaleDB variant): every read
-- query of dashboard/analytics/sql is identical on plain PostgreSQL and on
-- TimescaleDB. Kept current by kunang_refresh_analytics(p_from, p_to), which
-- the collector calls after kunang_refresh_rollups / the rollup refresh.
--
-- Settings are read from kunang_meta (written by kunang_configure_analytics):
--   analytics.session_gap_minutes (G, 10), analytics.visitor_min_minutes (M, 5),
--   analytics.returning_window_days (30), privacy.rotating_salt (false),
--   snmp.poll_interval_s (60), analytics.coverage_min (0.9).

-- Settings --------------------------------------------------------------------

CREATE FUNCTION kunang_setting(p_key text, p_default text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT value FROM kunang_meta WHERE key = p_key), p_default)
$$;

CREATE FUNCTION kunang_configure_analytics(p_gap_minutes integer, p_visitor_min_minutes integer,
                                           p_returning_window_days integer, p_rotating_salt boolean,
                                           p_poll_interval_s integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO kunang_meta (key, value) VALUES
        ('analytics.session_gap_minutes', p_gap_minutes::text),
        ('analytics.visitor_min_minutes', p_visitor_min_minutes::text),
        ('analytics.returning_window_days', p_returning_window_days::text),
        ('privacy.rotating_salt', p_rotating_salt::text),
        ('snmp.poll_interval_s', p_poll_interval_s::text)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
$$;

-- Helpers ---------------------------------------------------------------------

-- Seconds of [p_from, p_to) (local wall-clock time) inside the opening hours.
-- An empty opening_hours object ('{}') means "always open".
CREATE FUNCTION kunang_open_seconds(p_hours jsonb, p_holidays date[], p_from timestamp, p_to timestamp)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_hours = '{}'::jsonb THEN extract(epoch FROM p_to - p_from)::double precision ELSE
    coalesce((
        SELECT sum(greatest(0, extract(epoch FROM
                   least(p_to, g.d + (r ->> 1)::time) - greatest(p_from, g.d + (r ->> 0)::time))))
        FROM generate_series(p_from::date::timestamp, (p_to - interval '1 microsecond')::date::timestamp,
                             interval '1 day') AS g(d)
        CROSS JOIN LATERAL jsonb_array_elements(
            coalesce(p_hours -> (ARRAY['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[extract(dow FROM g.d)::int + 1],
                     '[]'::jsonb)) AS r
        WHERE NOT (g.d::date = ANY (coalesce(p_holidays, '{}')))
    ), 0)::double precision END
$$;

-- Distinct elements of an array, in order of first appearance.
CREATE FUNCTION kunang_uniq(p integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(x ORDER BY o), '{}')
    FROM (SELECT x, min(o) AS o FROM unnest(p) WITH ORDINALITY AS u(x, o) WHERE x IS NOT NULL GROUP BY x) q
$$;

CREATE AGGREGATE kunang_union(integer[]) (
    SFUNC = array_cat, STYPE = integer[], INITCOND = '{}', FINALFUNC = kunang_uniq
);

-- Derived tables --------------------------------------------------------------

-- A visit (= joined Wi-Fi session): the union of a device's SNMP sessions and
-- portal sessions at one site, merged when they overlap or are at most G apart.
-- Assigned to the local day of its start.
CREATE TABLE visit (
    site_id         integer NOT NULL,
    day             date NOT NULL,
    device          text NOT NULL,
    randomized      boolean NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz NOT NULL,
    dwell_s         integer NOT NULL,
    source          text NOT NULL CHECK (source IN ('snmp', 'portal', 'both')),
    snmp_sessions   integer NOT NULL,
    portal_sessions integer NOT NULL,
    ap_ids          integer[] NOT NULL,
    first_ap_id     integer,
    ssid            text,
    snmp_bytes      bigint NOT NULL,
    portal_bytes    bigint NOT NULL,
    bytes           bigint NOT NULL,                     -- greatest(snmp_bytes, portal_bytes)
    PRIMARY KEY (site_id, day, device, started_at)
);
CREATE INDEX visit_device_idx ON visit (device);

-- One row per device present at a site on a local day.
CREATE TABLE device_day (
    site_id     integer NOT NULL,
    day         date NOT NULL,
    device      text NOT NULL,
    randomized  boolean NOT NULL,
    visits      integer NOT NULL,
    presence_s  integer NOT NULL,                        -- sum of the day's visit dwell times
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    source      text NOT NULL,                           -- snmp | portal | both
    bytes       bigint NOT NULL,
    is_visitor  boolean NOT NULL,                        -- presence_s >= M minutes
    is_returning boolean,                                 -- NULL in rotating-salt mode
    PRIMARY KEY (site_id, day, device)
);
CREATE INDEX device_day_device_idx ON device_day (site_id, device, day);
CREATE INDEX device_day_pseudonym_idx ON device_day (device);

-- Site occupancy per hour (sum over APs that are not controllers).
CREATE TABLE site_hourly (
    site_id     integer NOT NULL,
    bucket      timestamptz NOT NULL,
    clients_avg double precision,                        -- sum of the APs' hourly averages
    clients_max integer,                                 -- max over poll slots of the sum of the APs' clients
    aps         integer NOT NULL DEFAULT 0,              -- APs reporting in the hour
    PRIMARY KEY (site_id, bucket)
);

-- Per AP per local day: data quality, availability, usage.
CREATE TABLE ap_daily (
    ap_id          integer NOT NULL,
    site_id        integer NOT NULL,
    day            date NOT NULL,
    open_s         double precision NOT NULL,
    polls_expected double precision NOT NULL,
    polls          double precision NOT NULL,            -- attempted during opening hours (pro rata per hour)
    polls_ok       double precision NOT NULL,            -- answered during opening hours
    coverage       double precision,                     -- least(1, polls_ok / polls_expected); NULL when closed
    availability   double precision,                     -- polls_ok / polls; NULL with no attempts
    clients_max    integer,
    clients_avg    double precision,                     -- during opening hours
    sessions       integer NOT NULL DEFAULT 0,           -- visits that began on this AP
    devices        integer NOT NULL DEFAULT 0,           -- distinct devices seen on this AP
    bytes          bigint NOT NULL DEFAULT 0,            -- SNMP bytes of visits that began on this AP
    PRIMARY KEY (site_id, day, ap_id)
);

-- Per site per local day: the headline figures.
CREATE TABLE site_daily (
    site_id             integer NOT NULL,
    day                 date NOT NULL,
    sessions            integer NOT NULL,                -- visits (joined Wi-Fi sessions)
    sessions_snmp_only  integer NOT NULL,
    sessions_portal_only integer NOT NULL,
    sessions_both       integer NOT NULL,
    snmp_sessions       integer NOT NULL,                -- client_session rows (SNMP sessions, IMLS count from SNMP alone)
    portal_sessions     integer NOT NULL,                -- portal_session rows with a device
    devices             integer NOT NULL,                -- distinct devices (visitors + passers-by)
    visitors            integer NOT NULL,
    passersby           integer NOT NULL,
    new_visitors        integer,
    returning_visitors  integer,
    randomized_visitors integer NOT NULL,
    randomized_devices  integer NOT NULL,
    snmp_devices        integer NOT NULL,
    portal_devices      integer NOT NULL,
    both_devices        integer NOT NULL,
    dwell_median_s      double precision,
    dwell_p90_s         double precision,
    dwell_lt5           integer NOT NULL,
    dwell_5_15          integer NOT NULL,
    dwell_15_30         integer NOT NULL,
    dwell_30_60         integer NOT NULL,
    dwell_60_120        integer NOT NULL,
    dwell_ge120         integer NOT NULL,
    bytes               bigint NOT NULL,
    snmp_bytes          bigint NOT NULL,
    portal_bytes        bigint NOT NULL,
    portal_logins       integer NOT NULL,                -- portal sessions started (with or without a device)
    portal_login_failed integer NOT NULL,
    portal_users        integer NOT NULL,                -- distinct authenticated users (user, else device)
    open_s              double precision NOT NULL,
    polls_expected      double precision NOT NULL,
    polls_ok            double precision NOT NULL,
    coverage            double precision,
    incomplete          boolean NOT NULL,
    PRIMARY KEY (site_id, day)
);
CREATE INDEX site_daily_day_idx ON site_daily (day);

-- Per site per calendar month (local): figures that do not add up from days.
CREATE TABLE site_monthly (
    site_id                   integer NOT NULL,
    month                     date NOT NULL,             -- first day of the month
    unique_devices            integer NOT NULL,
    unique_visitors           integer NOT NULL,
    randomized_unique_visitors integer NOT NULL,
    returning_unique_visitors integer,                   -- returning on at least one visitor day
    dwell_median_s            double precision,
    dwell_p90_s               double precision,
    PRIMARY KEY (site_id, month)
);
