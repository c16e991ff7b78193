-- Data-subject requests (collector/privacy_requests.py): export and erase.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- Everything stored about a data subject, found by pseudonyms (and the raw MAC
-- where raw identifiers were opted in). No identifier is returned: no
-- pseudonym, user, IP, raw MAC, session key or log origin.
CREATE OR REPLACE FUNCTION kunang_privacy_export(p_devices text[], p_mac text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'wifi_sessions', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'site', s.name, 'first_seen', c.first_seen, 'last_seen', c.last_seen, 'closed', c.closed,
                'access_points', (SELECT coalesce(jsonb_agg(a.name ORDER BY u.o), '[]'::jsonb)
                                  FROM unnest(c.ap_ids) WITH ORDINALITY u(id, o) JOIN ap a ON a.id = u.id),
                'ssid', c.ssid, 'polls', c.polls, 'rx_bytes', c.rx_bytes, 'tx_bytes', c.tx_bytes,
                'rssi_min_dbm', c.rssi_min, 'rssi_max_dbm', c.rssi_max, 'randomized_mac', c.randomized)
                ORDER BY c.first_seen)
            FROM client_session c JOIN site s ON s.id = c.site_id
            WHERE c.device = ANY (p_devices) OR (p_mac IS NOT NULL AND c.mac_raw = p_mac)), '[]'::jsonb),
        'portal_sessions', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'site', s.name, 'source', p.source, 'started_at', p.started_at, 'ended_at', p.ended_at,
                'bytes_in', p.bytes_in, 'bytes_out', p.bytes_out, 'duration_s', p.duration_s,
                'end_reason', p.end_reason, 'open', p.open, 'authenticated_user', p.user_id IS NOT NULL)
                ORDER BY p.started_at)
            FROM portal_session p LEFT JOIN site s ON s.id = p.site_id
            WHERE p.device = ANY (p_devices)), '[]'::jsonb),
        'portal_events', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'time', e.time, 'site', s.name, 'source', e.source, 'kind', e.kind, 'bytes_in', e.bytes_in,
                'bytes_out', e.bytes_out, 'duration_s', e.duration_s, 'reason', e.reason, 'format', e.format)
                ORDER BY e.time)
            FROM portal_event e LEFT JOIN site s ON s.id = e.site_id
            WHERE e.device = ANY (p_devices) OR (p_mac IS NOT NULL AND e.mac_raw = p_mac)), '[]'::jsonb),
        'visits', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'site', s.name, 'day', v.day, 'started_at', v.started_at, 'ended_at', v.ended_at,
                'dwell_s', v.dwell_s, 'source', v.source, 'bytes', v.bytes) ORDER BY v.started_at)
            FROM visit v JOIN site s ON s.id = v.site_id
            WHERE v.device = ANY (p_devices)), '[]'::jsonb),
        'days', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'site', s.name, 'day', d.day, 'presence_s', d.presence_s, 'visitor', d.is_visitor,
                'returning', d.is_returning) ORDER BY d.day)
            FROM device_day d JOIN site s ON s.id = d.site_id
            WHERE d.device = ANY (p_devices)), '[]'::jsonb),
        'probe_sightings', coalesce((  -- today's only: a day's sightings are deleted once it is summed
            SELECT jsonb_agg(jsonb_build_object(
                'site', s.name, 'hour', ps.hour, 'frames', ps.frames, 'strongest_signal_dbm', ps.max_rssi,
                'randomized_mac', ps.randomized) ORDER BY ps.hour)
            FROM probe_sighting ps JOIN site s ON s.id = ps.site_id
            WHERE ps.link = ANY (p_devices)), '[]'::jsonb),
        'quarantined_log_lines', (
            SELECT count(*) FROM log_quarantine q
            WHERE EXISTS (SELECT 1 FROM unnest(p_devices) d WHERE strpos(q.line, 'dev:' || left(d, 12)) > 0))
    )
$$;

-- Delete everything about a data subject; returns {table: rows deleted}.
-- Aggregates (counts per site/AP/day) hold no identifier and are kept.
CREATE OR REPLACE FUNCTION kunang_privacy_erase(p_devices text[], p_mac text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    out jsonb := '{}'::jsonb;
    n   bigint;
BEGIN
    DELETE FROM client_session WHERE device = ANY (p_devices) OR (p_mac IS NOT NULL AND mac_raw = p_mac);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('client_session', n);
    DELETE FROM portal_session WHERE device = ANY (p_devices);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('portal_session', n);
    DELETE FROM portal_event WHERE device = ANY (p_devices) OR (p_mac IS NOT NULL AND mac_raw = p_mac);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('portal_event', n);
    DELETE FROM visit WHERE device = ANY (p_devices);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('visit', n);
    DELETE FROM device_day WHERE device = ANY (p_devices);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('device_day', n);
    DELETE FROM probe_sighting WHERE link = ANY (p_devices);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('probe_sighting', n);
    -- quarantined log lines carry MACs as 'dev:' + the first 12 hex digits of the pseudonym
    DELETE FROM log_quarantine q
    WHERE EXISTS (SELECT 1 FROM unnest(p_devices) d WHERE strpos(q.line, 'dev:' || left(d, 12)) > 0);
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('log_quarantine', n);
    RETURN out;
END;
$$;
