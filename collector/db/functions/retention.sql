-- Retention purge.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- Delete the rows of p_table whose p_column is before p_before (a timestamptz or a date, as the
-- column); returns how many. The one shape of kunang_purge's deletions.
CREATE OR REPLACE FUNCTION kunang_purge_older(p_table text, p_column text, p_before anyelement) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('DELETE FROM %I WHERE %I < $1', p_table, p_column) USING p_before;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

-- Retention purge (collector/retention.py). Same in both storage modes; on
-- TimescaleDB the raw hypertables and the continuous aggregates are purged by
-- drop_chunks/retention policies instead (collector/db/timescale.py) and p_raw = false.
--
-- Delete per-device rows older than p_device_before, raw samples older than
-- p_raw_before (when p_raw) and aggregates older than p_rollup_before (when
-- p_rollups). Returns {table: rows deleted}.
-- Purged days keep their aggregates: kunang_purge records how far per-device
-- rows were deleted (kunang_meta 'retention.device_purged_before'), and
-- kunang_refresh_analytics starts its visit and daily steps two days after that
-- horizon, so a refresh over an old range cannot overwrite site_daily /
-- site_monthly / ap_daily figures with the zeros of deleted sessions.
CREATE OR REPLACE FUNCTION kunang_purge(p_device_before timestamptz, p_raw_before timestamptz, p_rollup_before timestamptz,
                             p_raw boolean DEFAULT true, p_rollups boolean DEFAULT true) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    out jsonb := '{}'::jsonb;
    n   bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kunang_refresh_analytics'));
    -- remember the horizon: refreshes never recompute days whose per-device rows are gone
    INSERT INTO kunang_meta (key, value) VALUES ('retention.device_purged_before', p_device_before::text)
    ON CONFLICT (key) DO UPDATE SET value = greatest(kunang_meta.value::timestamptz, EXCLUDED.value::timestamptz)::text;
    -- per-device data
    DELETE FROM client_session WHERE last_seen < p_device_before AND closed;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('client_session', n);
    DELETE FROM portal_session WHERE coalesce(ended_at, last_update) < p_device_before AND NOT open;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('portal_session', n);
    out := out || jsonb_build_object('portal_event', kunang_purge_older('portal_event', 'time', p_device_before));
    out := out || jsonb_build_object('visit', kunang_purge_older('visit', 'ended_at', p_device_before));
    out := out || jsonb_build_object('device_day', kunang_purge_older('device_day', 'last_seen', p_device_before));
    out := out || jsonb_build_object('log_quarantine', kunang_purge_older('log_quarantine', 'received_at', p_device_before));
    IF p_raw THEN
        out := out || jsonb_build_object('ap_sample', kunang_purge_older('ap_sample', 'time', p_raw_before));
        out := out || jsonb_build_object('ap_ssid_sample', kunang_purge_older('ap_ssid_sample', 'time', p_raw_before));
        out := out || jsonb_build_object('ap_radio_sample', kunang_purge_older('ap_radio_sample', 'time', p_raw_before));
        out := out || jsonb_build_object('if_sample', kunang_purge_older('if_sample', 'time', p_raw_before));
    END IF;
    -- a plain table in both storage modes (p_raw is false on TimescaleDB, whose raw hypertables
    -- lose whole chunks instead)
    out := out || jsonb_build_object('poll_round', kunang_purge_older('poll_round', 'time', p_raw_before));
    IF p_rollups THEN
        IF (SELECT relkind FROM pg_class WHERE oid = 'ap_hourly'::regclass) = 'r' THEN
            out := out || jsonb_build_object('ap_hourly', kunang_purge_older('ap_hourly', 'bucket', p_rollup_before));
            out := out || jsonb_build_object('ssid_hourly', kunang_purge_older('ssid_hourly', 'bucket', p_rollup_before));
        END IF;
        out := out || jsonb_build_object('site_hourly', kunang_purge_older('site_hourly', 'bucket', p_rollup_before));
        out := out || jsonb_build_object('ap_daily', kunang_purge_older('ap_daily', 'day', (p_rollup_before AT TIME ZONE 'UTC')::date));
        out := out || jsonb_build_object('site_daily', kunang_purge_older('site_daily', 'day', (p_rollup_before AT TIME ZONE 'UTC')::date));
        out := out || jsonb_build_object('site_monthly', kunang_purge_older('site_monthly', 'month', date_trunc('month', p_rollup_before AT TIME ZONE 'UTC')::date));
        out := out || jsonb_build_object('ap_event', kunang_purge_older('ap_event', 'time', p_rollup_before));
    END IF;
    RETURN out;
END;
$$;
