-- Kunang core schema: inventory, per-poll samples, client sessions, portal data.
-- Forward-only. Documented table by table in docs/data-model.md.
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
    open        boolean NOT NULL DEFAULT true
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
    reason      text NOT NULL
);
CREATE INDEX log_quarantine_time_idx ON log_quarantine (received_at DESC);

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
