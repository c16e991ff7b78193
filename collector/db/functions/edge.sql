-- Village edges: what `kunang ingest` calls per message (issue 19; the tables are
-- migration 0210_edge, whose header documents these functions for the ingest).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

CREATE OR REPLACE FUNCTION kunang_edge_late_after() RETURNS interval
LANGUAGE sql STABLE AS $$
    SELECT make_interval(mins => kunang_setting('district.late_after_minutes', '60')::integer)
$$;

CREATE OR REPLACE FUNCTION kunang_edge_silent_after() RETURNS interval
LANGUAGE sql STABLE AS $$
    SELECT make_interval(hours => kunang_setting('district.silent_after_hours', '6')::integer)
$$;

-- Written by the collector at start from kunang.yaml (alerts.village_silent_hours,
-- analytics.late_after_minutes).
CREATE OR REPLACE FUNCTION kunang_configure_district(p_silent_hours integer, p_late_minutes integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO kunang_meta (key, value) VALUES
        ('district.silent_after_hours', p_silent_hours::text),
        ('district.late_after_minutes', p_late_minutes::text)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
$$;

-- The one rule of a village's state (the district page and the village_silent alert):
-- silent: no message for p_silent; late: reporting, but records wait on the edge longer than
-- kunang_edge_late_after() (its spool's oldest unacknowledged record); else ok.
CREATE OR REPLACE FUNCTION kunang_edge_status(p_last_contact timestamptz, p_spool_oldest timestamptz,
                                              p_now timestamptz,
                                              p_silent interval DEFAULT kunang_edge_silent_after()) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_last_contact IS NULL OR p_now - p_last_contact >= p_silent THEN 'silent'
        WHEN p_spool_oldest IS NOT NULL AND p_now - p_spool_oldest > kunang_edge_late_after() THEN 'late'
        ELSE 'ok' END
$$;

-- The site id of a site key; an unknown key is an error the ingest counts (SQLSTATE KN001).
CREATE OR REPLACE FUNCTION kunang_edge_site(p_site_key text) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_id integer;
BEGIN
    SELECT id INTO v_id FROM site WHERE key = p_site_key;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'unknown site key %', p_site_key USING ERRCODE = 'KN001';
    END IF;
    RETURN v_id;
END
$$;

CREATE OR REPLACE FUNCTION kunang_edge_touch(p_site integer, p_received_at timestamptz) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO edge_link (site_id, last_contact, updated_at) VALUES (p_site, p_received_at, now())
    ON CONFLICT (site_id) DO UPDATE
    SET last_contact = greatest(edge_link.last_contact, EXCLUDED.last_contact), updated_at = now()
$$;

-- Record a batch by its message id: true when new (write its rows in this transaction),
-- false when already stored (a replay: write nothing).
CREATE OR REPLACE FUNCTION kunang_edge_batch(p_site_key text, p_msg_id text, p_first_ts timestamptz,
                                             p_last_ts timestamptz, p_records integer,
                                             p_received_at timestamptz DEFAULT now()) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_site integer := kunang_edge_site(p_site_key);
    v_new  boolean;
BEGIN
    PERFORM kunang_edge_touch(v_site, p_received_at);
    INSERT INTO edge_batch (site_id, msg_id, received_at, first_ts, last_ts, records)
    VALUES (v_site, p_msg_id, p_received_at, p_first_ts, p_last_ts, p_records)
    ON CONFLICT (msg_id) DO NOTHING;
    GET DIAGNOSTICS v_new = ROW_COUNT;
    RETURN v_new;
END
$$;

CREATE OR REPLACE FUNCTION kunang_edge_heartbeat(p_site_key text, p_edge_id text, p_spool_oldest timestamptz,
                                                 p_spool_records bigint, p_spool_bytes bigint,
                                                 p_spool_dropped bigint,
                                                 p_received_at timestamptz DEFAULT now()) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_site integer := kunang_edge_site(p_site_key);
BEGIN
    PERFORM kunang_edge_touch(v_site, p_received_at);
    UPDATE edge_link
    SET edge_id = p_edge_id, last_heartbeat = p_received_at, spool_oldest = p_spool_oldest,
        spool_records = p_spool_records, spool_bytes = p_spool_bytes,
        spool_dropped = greatest(spool_dropped, p_spool_dropped), updated_at = now()
    WHERE site_id = v_site AND (last_heartbeat IS NULL OR last_heartbeat <= p_received_at);
END
$$;

CREATE OR REPLACE FUNCTION kunang_edge_rejected(p_site_key text, p_count integer DEFAULT 1) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO edge_link (site_id, batches_rejected) VALUES (kunang_edge_site(p_site_key), p_count)
    ON CONFLICT (site_id) DO UPDATE
    SET batches_rejected = edge_link.batches_rejected + EXCLUDED.batches_rejected, updated_at = now()
$$;

-- Records of backfilled batches of a site whose record span meets [p_from, p_to).
CREATE OR REPLACE FUNCTION kunang_edge_backfilled(p_site integer, p_from timestamptz, p_to timestamptz)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(records), 0)::bigint FROM edge_backfill
    WHERE site_id = p_site AND first_ts < p_to AND coalesce(last_ts, first_ts) >= p_from
$$;
