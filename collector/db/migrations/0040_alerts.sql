-- Alerts: history, per-subject detector state, notifications and their delivery
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
