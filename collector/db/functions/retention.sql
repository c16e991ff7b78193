-- Retention purge.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

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
    DELETE FROM portal_event WHERE time < p_device_before;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('portal_event', n);
    DELETE FROM visit WHERE ended_at < p_device_before;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('visit', n);
    DELETE FROM device_day WHERE last_seen < p_device_before;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('device_day', n);
    DELETE FROM log_quarantine WHERE received_at < p_device_before;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('log_quarantine', n);
    IF p_raw THEN
        DELETE FROM ap_sample WHERE time < p_raw_before;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ap_sample', n);
        DELETE FROM ap_ssid_sample WHERE time < p_raw_before;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ap_ssid_sample', n);
        DELETE FROM ap_radio_sample WHERE time < p_raw_before;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ap_radio_sample', n);
        DELETE FROM if_sample WHERE time < p_raw_before;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('if_sample', n);
    END IF;
    -- a plain table in both storage modes (p_raw is false on TimescaleDB, whose raw hypertables
    -- lose whole chunks instead)
    DELETE FROM poll_round WHERE time < p_raw_before;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('poll_round', n);
    IF p_rollups THEN
        IF (SELECT relkind FROM pg_class WHERE oid = 'ap_hourly'::regclass) = 'r' THEN
            DELETE FROM ap_hourly WHERE bucket < p_rollup_before;
            GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ap_hourly', n);
            DELETE FROM ssid_hourly WHERE bucket < p_rollup_before;
            GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ssid_hourly', n);
        END IF;
        DELETE FROM site_hourly WHERE bucket < p_rollup_before;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('site_hourly', n);
        DELETE FROM ap_daily WHERE day < (p_rollup_before AT TIME ZONE 'UTC')::date;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ap_daily', n);
        DELETE FROM site_daily WHERE day < (p_rollup_before AT TIME ZONE 'UTC')::date;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('site_daily', n);
        DELETE FROM site_monthly WHERE month < date_trunc('month', p_rollup_before AT TIME ZONE 'UTC')::date;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('site_monthly', n);
        DELETE FROM ap_event WHERE time < p_rollup_before;
        GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('ap_event', n);
    END IF;
    RETURN out;
END;
$$;
