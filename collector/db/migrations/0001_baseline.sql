-- Kunang's schema at 0.1.0 (the migrations 0001-0050 of the development
-- history squashed into one): inventory, per-poll samples, client sessions,
-- portal data, interface traffic, analytics tables, alerts, reports. The
-- storage-mode part (hourly rollups; hypertables on TimescaleDB) is
-- 0002_rollups. Functions are not here: collector/db/functions/*.sql, re-applied
-- by every upgrade. Later changes: new migrations numbered 0100 and up.
-- Documented table by table in docs/data-model.md.
-- Identifiers of people's devices (MACs, usernames) are stored only as keyed
-- pseudonyms (`device`, `user_id`: HMAC-SHA256, hex); the `*_raw` columns stay
-- NULL unless the operator opted in (privacy.store_raw_identifiers).

CREATE TABLE kunang_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- Inventory -----------------------------------------------------------------

CREATE TABLE site (
    id            serial PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    grp           text,                                  -- group, e.g. a district
    timezone      text NOT NULL DEFAULT 'Asia/Makassar',
    opening_hours jsonb NOT NULL DEFAULT '{}'::jsonb,    -- {"mon": [["08:00","16:00"]], ...}
    holidays      date[] NOT NULL DEFAULT '{}',
    active        boolean NOT NULL DEFAULT true,         -- false: removed from the config
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ap (
    id            serial PRIMARY KEY,
    site_id       integer NOT NULL REFERENCES site (id),
    name          text NOT NULL,
    controller_id integer REFERENCES ap (id),            -- set for APs managed by a controller
    is_controller boolean NOT NULL DEFAULT false,
    configured    boolean NOT NULL DEFAULT true,         -- false: discovered through its controller
    address       text,
    port          integer,
    mac           text,                                  -- the AP's own MAC (not a person's)
    ap_group      text,
    profile       text,
    model         text,
    serial        text,
    sys_descr     text,
    sys_object_id text,
    active        boolean NOT NULL DEFAULT true,
    first_seen    timestamptz,
    last_seen     timestamptz,
    UNIQUE (site_id, name)
);
CREATE INDEX ap_controller_idx ON ap (controller_id) WHERE controller_id IS NOT NULL;

-- Current state of each AP, one row per AP, updated every poll.
CREATE TABLE ap_status (
    ap_id                 integer PRIMARY KEY REFERENCES ap (id) ON DELETE CASCADE,
    state                 text NOT NULL DEFAULT 'unknown' CHECK (state IN ('unknown', 'up', 'down')),
    state_since           timestamptz,
    consecutive_failures  integer NOT NULL DEFAULT 0,
    consecutive_successes integer NOT NULL DEFAULT 0,
    last_poll_at          timestamptz,
    last_ok_at            timestamptz,
    last_error_kind       text,                          -- timeout | auth | unreachable | protocol
    last_error            text,
    clients               integer,
    sys_uptime_ticks      bigint,
    controller_up         boolean                        -- as the controller reports it
);

-- Raw samples (hypertables on TimescaleDB) ------------------------------------

-- One row per AP per poll.
CREATE TABLE ap_sample (
    time             timestamptz NOT NULL,
    ap_id            integer NOT NULL,
    reachable        boolean NOT NULL,
    partial          boolean NOT NULL DEFAULT false,
    clients          integer,                            -- NULL when not reachable
    controller_up    boolean,                            -- controller-managed APs
    sys_uptime_ticks bigint,
    error_kind       text,
    duration_ms      integer,
    PRIMARY KEY (ap_id, time)
);
CREATE INDEX ap_sample_time_idx ON ap_sample (time DESC);

-- Clients per SSID of an AP, per poll.
CREATE TABLE ap_ssid_sample (
    time    timestamptz NOT NULL,
    ap_id   integer NOT NULL,
    ssid    text NOT NULL,
    clients integer NOT NULL,
    PRIMARY KEY (ap_id, ssid, time)
);
CREATE INDEX ap_ssid_sample_time_idx ON ap_ssid_sample (time DESC);

-- Clients per radio of an AP, per poll.
CREATE TABLE ap_radio_sample (
    time        timestamptz NOT NULL,
    ap_id       integer NOT NULL,
    radio       text NOT NULL,
    band        text,                                    -- 2.4GHz | 5GHz | 6GHz
    channel     integer,
    clients     integer NOT NULL,
    PRIMARY KEY (ap_id, radio, time)
);

-- Interface counters, stored raw with their SNMP type and sysUpTime so that
-- deltas handle 32/64-bit wraps and reboots (see the if_traffic view).
CREATE TABLE if_sample (
    time             timestamptz NOT NULL,
    ap_id            integer NOT NULL,
    if_index         integer NOT NULL,
    if_name          text,
    in_octets        numeric(20, 0),
    out_octets       numeric(20, 0),
    counter_bits     smallint NOT NULL CHECK (counter_bits IN (32, 64)),
    sys_uptime_ticks bigint,
    oper_up          boolean,
    PRIMARY KEY (ap_id, if_index, time)
);

-- AP state changes and reboots.
CREATE TABLE ap_event (
    time   timestamptz NOT NULL,
    ap_id  integer NOT NULL REFERENCES ap (id) ON DELETE CASCADE,
    kind   text NOT NULL CHECK (kind IN ('down', 'up', 'reboot', 'controller_down', 'controller_up', 'discovered')),
    detail jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (ap_id, time, kind)
);
CREATE INDEX ap_event_time_idx ON ap_event (time DESC);

-- One row per completed poll round of a collector (for "collector stalled").
CREATE TABLE poll_round (
    time        timestamptz NOT NULL,
    collector   text NOT NULL DEFAULT 'default',
    devices     integer NOT NULL,
    ok          integer NOT NULL,
    failed      integer NOT NULL,
    duration_ms integer NOT NULL,
    PRIMARY KEY (collector, time)
);

-- Client presence reduced to sessions ----------------------------------------

-- A device's continuous association at a site (SNMP presence): one row per
-- session, not per poll. Roaming between APs of the site keeps the session; an
-- absence longer than analytics.session_gap_minutes closes it.
CREATE TABLE client_session (
    id          bigserial PRIMARY KEY,
    site_id     integer NOT NULL REFERENCES site (id),
    device      text NOT NULL,                           -- pseudonym of the MAC
    randomized  boolean NOT NULL,                        -- locally administered MAC
    mac_raw     text,                                    -- only with store_raw_identifiers
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    closed      boolean NOT NULL DEFAULT false,
    first_ap_id integer,
    last_ap_id  integer,
    ap_ids      integer[] NOT NULL DEFAULT '{}',         -- every AP of the session, in order of first visit
    ssid        text,
    polls       integer NOT NULL DEFAULT 1,
    rx_bytes    bigint NOT NULL DEFAULT 0,               -- sum of positive counter deltas
    tx_bytes    bigint NOT NULL DEFAULT 0,
    last_rx_raw bigint,
    last_tx_raw bigint,
    rssi_min    smallint,
    rssi_max    smallint,
    CHECK (last_seen >= first_seen)
);
CREATE INDEX client_session_site_time_idx ON client_session (site_id, first_seen);
CREATE INDEX client_session_device_idx ON client_session (device);
CREATE INDEX client_session_open_idx ON client_session (site_id) WHERE NOT closed;

-- Captive portal and RADIUS accounting ---------------------------------------

-- Normalised events from portal logs (syslog, tailed files, imports).
CREATE TABLE portal_event (
    time        timestamptz NOT NULL,
    site_id     integer,
    source      text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('login', 'logout', 'login_failed', 'accounting_start',
                                              'accounting_interim', 'accounting_stop', 'other')),
    device      text,                                    -- pseudonym of the MAC
    randomized  boolean,
    user_id     text,                                    -- pseudonym of the username
    mac_raw     text,
    user_raw    text,
    ip          inet,
    bytes_in    bigint,
    bytes_out   bigint,
    duration_s  integer,
    reason      text,
    session_key text,                                    -- e.g. Acct-Session-Id
    format      text,
    origin      text,                                    -- file:line or syslog peer
    dedup       bytea NOT NULL,                          -- hash of source + origin + line: idempotent imports
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX portal_event_dedup_idx ON portal_event (dedup, time);
CREATE INDEX portal_event_site_time_idx ON portal_event (site_id, time);
CREATE INDEX portal_event_device_idx ON portal_event (device);

-- Login/logout and accounting start/interim/stop paired into sessions.
CREATE TABLE portal_session (
    id          bigserial PRIMARY KEY,
    site_id     integer,
    source      text NOT NULL,
    device      text,
    randomized  boolean,
    user_id     text,
    session_key text,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    last_update timestamptz NOT NULL,
    bytes_in    bigint NOT NULL DEFAULT 0,
    bytes_out   bigint NOT NULL DEFAULT 0,
    duration_s  integer,
    end_reason  text,                                    -- from the log, or 'timeout'
    open        boolean NOT NULL DEFAULT true,
    ip          inet,                                    -- pairs logouts naming only the IP (CoovaChilli DHCP release)
    format      text
);
CREATE INDEX portal_session_site_time_idx ON portal_session (site_id, started_at);
CREATE INDEX portal_session_device_idx ON portal_session (device);
CREATE INDEX portal_session_open_idx ON portal_session (source, device) WHERE open;

-- Lines that could not be parsed, kept with the reason (MAC-like strings are
-- replaced by pseudonyms before storing).
CREATE TABLE log_quarantine (
    id          bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    source      text NOT NULL,
    origin      text,
    line        text NOT NULL,
    reason      text NOT NULL,
    dedup       bytea,                                   -- like portal_event.dedup: re-importing adds nothing
    site_id     integer,
    format      text
);
CREATE INDEX log_quarantine_time_idx ON log_quarantine (received_at DESC);
CREATE UNIQUE INDEX log_quarantine_dedup_idx ON log_quarantine (dedup);

-- Where tailing of each file source stopped, to resume after a restart.
CREATE TABLE log_offset (
    source     text PRIMARY KEY,
    path       text NOT NULL,
    inode      bigint,
    device     bigint,
    "offset"   bigint NOT NULL DEFAULT 0,
    head       bytea,                                    -- first bytes of the file, to spot copytruncate
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Interface traffic between consecutive polls (deltas: kunang_counter_delta,
-- collector/db/functions/counters.sql).
CREATE VIEW if_traffic AS
SELECT time, ap_id, if_index, if_name, seconds,
       kunang_counter_delta(in_octets, prev_in, counter_bits, sys_uptime_ticks, prev_uptime, seconds) AS in_bytes,
       kunang_counter_delta(out_octets, prev_out, counter_bits, sys_uptime_ticks, prev_uptime, seconds) AS out_bytes
FROM (
    SELECT s.*,
           extract(epoch FROM s.time - lag(s.time) OVER w)::double precision AS seconds,
           lag(s.in_octets) OVER w AS prev_in,
           lag(s.out_octets) OVER w AS prev_out,
           lag(s.sys_uptime_ticks) OVER w AS prev_uptime
    FROM if_sample s
    WINDOW w AS (PARTITION BY s.ap_id, s.if_index ORDER BY s.time)
) x;

-- Usage analytics (docs/metrics.md) ------------------------------------------
-- Visits joined across SNMP and portal, device-days, per-site/AP daily and
-- monthly figures, site occupancy per hour. Plain tables in both storage modes:
-- every read query of dashboard/analytics/sql is identical on plain PostgreSQL
-- and on TimescaleDB. Kept current by kunang_refresh_analytics(p_from, p_to)
-- (collector/db/functions/analytics_refresh.sql), which the collector calls
-- after the rollup refresh. Settings are read from kunang_meta (written by
-- kunang_configure_analytics): analytics.session_gap_minutes (G, 10),
-- analytics.visitor_min_minutes (M, 5), analytics.returning_window_days (30),
-- privacy.rotating_salt (false), snmp.poll_interval_s (60), analytics.coverage_min (0.9).

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

-- Day-range indexes of the refresh statements and of district figures over many
-- sites: index-only scans instead of heap reads scattered over a year of rows.
CREATE INDEX visit_day_idx ON visit (day, site_id) INCLUDE (dwell_s);
CREATE INDEX device_day_day_idx ON device_day (day, site_id) INCLUDE (device, is_visitor, randomized, is_returning);
CREATE INDEX ap_daily_day_idx ON ap_daily (day);

-- Alerts ----------------------------------------------------------------------
-- History, per-subject detector state, notifications and their delivery
-- log, silences and maintenance windows. Written only by collector/alerts;
-- the dashboard reads alert, notification and alert_silence (and may insert
-- silences and acknowledgements).

-- One row per alert occurrence. `subject` names what it is about:
-- 'ap:<id>', 'site:<id>', 'network:all', 'collector:<name>', 'portal:<source>'.
CREATE TABLE alert (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('ap_down', 'site_down', 'network_down', 'ap_flapping', 'ap_reboot',
                                                   'high_load', 'collector_stalled', 'portal_silent')),
    subject          text NOT NULL,
    site_id          integer REFERENCES site (id) ON DELETE CASCADE,
    ap_id            integer REFERENCES ap (id) ON DELETE CASCADE,
    rule             text NOT NULL DEFAULT 'default',
    state            text NOT NULL DEFAULT 'firing' CHECK (state IN ('firing', 'resolved')),
    opened_at        timestamptz NOT NULL,
    resolved_at      timestamptz,
    resolution       text,                               -- recovered | superseded | settled | ...
    detail           jsonb NOT NULL DEFAULT '{}'::jsonb,
    inhibited_by     bigint REFERENCES alert (id) ON DELETE SET NULL,  -- the site/network alert covering it
    hold_reason      text,                               -- why its notification waits: closed | silenced | inhibited | grouping
    notified_at      timestamptz,                        -- first notification queued (NULL: never notified)
    last_notified_at timestamptz,
    notify_count     integer NOT NULL DEFAULT 0,         -- firing notifications queued (first + reminders)
    next_notify_at   timestamptz,                        -- next reminder (back-off)
    closed_out       boolean NOT NULL DEFAULT false,     -- resolved and nothing left to notify
    acked_at         timestamptz,
    acked_by         text,
    ack_note         text,
    CHECK (state = 'firing' OR resolved_at IS NOT NULL)
);
CREATE UNIQUE INDEX alert_one_firing_idx ON alert (kind, subject) WHERE state = 'firing';
CREATE INDEX alert_open_idx ON alert (id) WHERE NOT closed_out;
CREATE INDEX alert_opened_idx ON alert (opened_at DESC);
CREATE INDEX alert_site_idx ON alert (site_id, opened_at DESC);

-- Detector state per subject (AP hysteresis counters, flap transitions,
-- high-load start, gateway reachability, ...), so a restart resumes exactly.
CREATE TABLE alert_tracker (
    subject    text PRIMARY KEY,
    data       jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row per message per channel. Rendered when queued, so retries send the
-- same text. `dedup` makes queuing idempotent across restarts.
CREATE TABLE notification (
    id              bigserial PRIMARY KEY,
    alert_id        bigint REFERENCES alert (id) ON DELETE CASCADE,
    event           text NOT NULL CHECK (event IN ('firing', 'reminder', 'resolved', 'digest', 'test')),
    channel         text NOT NULL,
    channel_type    text NOT NULL,
    language        text NOT NULL CHECK (language IN ('id', 'en')),
    dedup           text NOT NULL UNIQUE,
    subject         text NOT NULL,
    body            text NOT NULL,
    payload         jsonb NOT NULL DEFAULT '{}'::jsonb,  -- the webhook document
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    created_at      timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    sent_at         timestamptz,
    last_error      text
);
CREATE INDEX notification_pending_idx ON notification (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_alert_idx ON notification (alert_id);

-- Delivery log: every attempt of every notification.
CREATE TABLE notification_attempt (
    id              bigserial PRIMARY KEY,
    notification_id bigint NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    time            timestamptz NOT NULL,
    ok              boolean NOT NULL,
    duration_ms     integer NOT NULL,
    error           text,
    response        text
);
CREATE INDEX notification_attempt_notification_idx ON notification_attempt (notification_id);

-- Silences and maintenance windows. NULL site/ap/kind match everything.
CREATE TABLE alert_silence (
    id          bigserial PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    site_id     integer REFERENCES site (id) ON DELETE CASCADE,
    ap_id       integer REFERENCES ap (id) ON DELETE CASCADE,
    kind        text,
    maintenance boolean NOT NULL DEFAULT false,          -- planned work rather than an ad-hoc mute
    reason      text NOT NULL DEFAULT '',
    CHECK (ends_at > starts_at)
);
CREATE INDEX alert_silence_ends_idx ON alert_silence (ends_at);

-- Reports ---------------------------------------------------------------------
-- Generated monthly reports: kept in the database so the dashboard's
-- Reports page can serve them from any machine, and so the scheduled job knows
-- what it already produced and e-mailed (a re-run does not send twice).
CREATE TABLE report_file (
    id          bigserial PRIMARY KEY,
    month       date NOT NULL CHECK (extract(day FROM month) = 1),   -- first day of the reported month
    scope       text NOT NULL CHECK (scope IN ('site', 'district')),
    site_id     integer REFERENCES site (id) ON DELETE SET NULL,     -- scope = site
    name        text NOT NULL,                                       -- library (or district) name shown
    format      text NOT NULL CHECK (format IN ('pdf', 'xlsx', 'csv')),
    language    text NOT NULL CHECK (language IN ('id', 'en')),
    filename    text NOT NULL,
    path        text,                                                -- copy written to reports.output_dir
    content     bytea NOT NULL,
    size_bytes  integer NOT NULL,
    sha256      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    emailed_at  timestamptz,
    recipients  text[] NOT NULL DEFAULT '{}'
);
-- one current file per month, scope, library, format and language (a re-run replaces it)
CREATE UNIQUE INDEX report_file_key_idx ON report_file (month, scope, name, format, language);
CREATE INDEX report_file_created_idx ON report_file (created_at DESC);
