-- Village libraries reporting through an edge (issue 19, docs/district.md).
-- A village site runs `kunang edge`; its records reach the district hub (NATS
-- JetStream, subjects kunang.v1.<site key>.<poll|log|hb>) and `kunang ingest`
-- writes them here. Owned by deliverables 3 and 5 (security per site, district view).
--
-- * site.key: the site's stable, subject-safe key (kunang.yaml `key:`, default a
--   slug of the name; collector/config/sites.py site_key()), written by the inventory sync.
-- * site.edge: true for a site that reports through an edge (kunang.yaml `edge: true`);
--   the inventory sync also gives it its edge_link row, so a village that never
--   reported shows (and alerts) as silent.
-- * edge_link: one row per village, the state its last heartbeat told.
-- * edge_batch: every batch stored, by its message id (idempotency) with its record
--   time span and receive time (lateness).
-- * edge_backfill (view): batches whose oldest record arrived more than
--   kunang_edge_late_after() after its time: "backfilled" data. The monthly report and
--   the district page read it; figures themselves count by record time.
--
-- Functions for `kunang ingest` (bodies in collector/db/functions/edge.sql):
--   kunang_edge_site(p_site_key text) RETURNS integer
--       the site id of a key; raises 'unknown site key' (SQLSTATE KN001) for a key no site has.
--   kunang_edge_batch(p_site_key text, p_msg_id text, p_first_ts timestamptz,
--                     p_last_ts timestamptz, p_records integer,
--                     p_received_at timestamptz DEFAULT now()) RETURNS boolean
--       true: the batch is new and now recorded; false: already stored (a replay: write nothing).
--       Call it in the same transaction that writes the batch's rows, first; roll back on any
--       error so a redelivery is recorded again. Also sets last_contact.
--   kunang_edge_heartbeat(p_site_key text, p_edge_id text, p_spool_oldest timestamptz,
--                         p_spool_records bigint, p_spool_bytes bigint, p_spool_dropped bigint,
--                         p_received_at timestamptz DEFAULT now()) RETURNS void
--       the edge's spool state (spool_oldest NULL = nothing waiting); counters are the edge's
--       totals (absolute values: a repeated heartbeat is harmless; an older one is ignored).
--   kunang_edge_rejected(p_site_key text, p_count integer DEFAULT 1) RETURNS void
--       counts batches rejected for the subject's site (contents of another site, bad data):
--       see collector/district/check.py check_batch_site().
--   kunang_edge_late_after() RETURNS interval
--       kunang_meta 'district.late_after_minutes' (default 60).
--   kunang_edge_backfilled(p_site integer, p_from timestamptz, p_to timestamptz) RETURNS bigint
--       records of backfilled batches whose time span meets [p_from, p_to).

ALTER TABLE site ADD COLUMN key text UNIQUE CHECK (key ~ '^[a-z0-9_-]{1,64}$');
ALTER TABLE site ADD COLUMN edge boolean NOT NULL DEFAULT false;

CREATE TABLE edge_link (
    site_id          integer PRIMARY KEY REFERENCES site (id) ON DELETE CASCADE,
    edge_id          text,                           -- the edge's own id (host), from its heartbeats
    last_contact     timestamptz,                    -- last message of any kind received from it
    last_heartbeat   timestamptz,
    spool_oldest     timestamptz,                    -- oldest record not yet acknowledged (NULL: none)
    spool_records    bigint NOT NULL DEFAULT 0,
    spool_bytes      bigint NOT NULL DEFAULT 0,
    spool_dropped    bigint NOT NULL DEFAULT 0,      -- records the edge dropped on spool overflow (total)
    batches_rejected bigint NOT NULL DEFAULT 0,      -- batches the ingest refused (total)
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE edge_batch (
    id          bigserial PRIMARY KEY,
    site_id     integer NOT NULL REFERENCES site (id) ON DELETE CASCADE,
    msg_id      text NOT NULL UNIQUE,
    received_at timestamptz NOT NULL DEFAULT now(),
    first_ts    timestamptz,                          -- record time of its oldest record
    last_ts     timestamptz,                          -- and of its newest
    records     integer NOT NULL DEFAULT 0
);
CREATE INDEX edge_batch_site_time_idx ON edge_batch (site_id, first_ts);

CREATE VIEW edge_backfill AS
SELECT b.*, b.received_at - b.first_ts AS delay
FROM edge_batch b
WHERE b.received_at - b.first_ts > kunang_edge_late_after();

-- one site-level alert for a village that has not reported for N hours
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('ap_down', 'site_down', 'network_down',
    'ap_flapping', 'ap_reboot', 'high_load', 'collector_stalled', 'portal_silent', 'lines_dropped',
    'village_silent'));
