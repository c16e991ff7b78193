-- Sensed footfall from probe requests (docs/metrics.md "Sensed footfall"; tables in
-- migrations/0230_probes.sql). Applied by every `kunang db upgrade`; change these here only.

-- Store one probe sighting (collector/sensing/probe_store.py): the rows of one site, hour and device
-- add up (a partial hour emitted every few minutes, then the rest). A sighting of a local day that
-- ended more than 10 minutes before p_now is refused (returns false): that day's sightings are summed and gone.
CREATE OR REPLACE FUNCTION kunang_add_probe_sighting(
    p_site text, p_hour timestamptz, p_device text, p_link text, p_randomized boolean, p_frames integer,
    p_strong integer, p_no_signal integer, p_first timestamptz, p_last timestamptz, p_max_rssi smallint,
    p_threshold smallint, p_min_dwell integer, p_now timestamptz DEFAULT now())
RETURNS boolean
LANGUAGE sql AS $$
    WITH s AS (
        SELECT id FROM site
        WHERE name = p_site
          AND ((p_hour AT TIME ZONE timezone)::date + 1)::timestamp AT TIME ZONE timezone
              > p_now - interval '10 minutes'
    ), ins AS (
        INSERT INTO probe_sighting AS t (site_id, hour, device, link, randomized, frames, strong, no_signal,
                                         first_strong, last_strong, max_rssi, rssi_threshold, min_dwell_s)
        SELECT s.id, p_hour, p_device, p_link, p_randomized, p_frames, p_strong, p_no_signal, p_first, p_last,
               p_max_rssi, p_threshold, p_min_dwell
        FROM s
        ON CONFLICT (site_id, hour, device) DO UPDATE SET
            frames = t.frames + EXCLUDED.frames,
            strong = t.strong + EXCLUDED.strong,
            no_signal = t.no_signal + EXCLUDED.no_signal,
            first_strong = least(t.first_strong, EXCLUDED.first_strong),
            last_strong = greatest(t.last_strong, EXCLUDED.last_strong),
            max_rssi = greatest(t.max_rssi, EXCLUDED.max_rssi),
            rssi_threshold = EXCLUDED.rssi_threshold,
            min_dwell_s = EXCLUDED.min_dwell_s
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM ins)
$$;

-- Sum every (site, hour) and (site, local day) that has sightings into probe_hourly / probe_daily,
-- then delete the sightings of local days that ended more than 15 minutes before p_now (so no
-- per-device row outlives its day). Idempotent; returns the sightings deleted.
--   nearby:     a device with strong frames in the hour whose strong frames of the day span at least
--               min_dwell_s (one frame with min_dwell_s = 0)
--   matched:    a nearby device whose `link` is the device of a client session of the site that day
--   passers_by: nearby - matched
--   visitors:   devices with a client session of the site overlapping the hour (daily: any hour with
--               sightings), from any source (SNMP, the sensor's DHCP/ARP); a session that began more than
--               a day before the hour (equipment never off the network) is not a visitor's
--   connected:  those visitors' sessions an AP of the site reported (ap_ids not empty)
CREATE OR REPLACE FUNCTION kunang_refresh_probes(p_now timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_deleted integer;
BEGIN
    CREATE TEMP TABLE probe_dev ON COMMIT DROP AS
    WITH d AS (
        SELECT ps.*, (ps.hour AT TIME ZONE s.timezone)::date AS day, s.timezone AS tz
        FROM probe_sighting ps JOIN site s ON s.id = ps.site_id
    ), dev AS (
        SELECT site_id, day, device, min(link) AS link, bool_or(randomized) AS randomized,
               coalesce(sum(strong) > 0 AND extract(epoch FROM max(last_strong) - min(first_strong))
                        >= max(min_dwell_s), false) AS nearby,
               min(day::timestamp AT TIME ZONE tz) AS lo, min((day + 1)::timestamp AT TIME ZONE tz) AS hi
        FROM d GROUP BY site_id, day, device
    )
    SELECT dev.*, EXISTS (
        SELECT 1 FROM client_session cs
        WHERE cs.device = dev.link AND cs.site_id = dev.site_id AND cs.first_seen < dev.hi AND cs.last_seen >= dev.lo
          AND cs.first_seen >= dev.lo - interval '1 day'
    ) AS matched
    FROM dev;

    INSERT INTO probe_hourly AS t (site_id, hour, probing, nearby, randomized, matched, passers_by, visitors,
                                   connected, frames, no_signal, rssi_threshold, min_dwell_s)
    SELECT h.site_id, h.hour, h.probing, h.nearby, h.randomized, h.matched, h.nearby - h.matched,
           coalesce(v.visitors, 0), coalesce(v.connected, 0), h.frames, h.no_signal, h.threshold, h.dwell
    FROM (
        SELECT ps.site_id, ps.hour, count(*)::integer AS probing,
               count(*) FILTER (WHERE pd.nearby AND ps.strong > 0)::integer AS nearby,
               count(*) FILTER (WHERE pd.nearby AND ps.strong > 0 AND pd.randomized)::integer AS randomized,
               count(*) FILTER (WHERE pd.nearby AND ps.strong > 0 AND pd.matched)::integer AS matched,
               sum(ps.frames)::integer AS frames, sum(ps.no_signal)::integer AS no_signal,
               max(ps.rssi_threshold) AS threshold, max(ps.min_dwell_s) AS dwell
        FROM probe_sighting ps
        JOIN site s ON s.id = ps.site_id
        JOIN probe_dev pd ON pd.site_id = ps.site_id AND pd.device = ps.device
                         AND pd.day = (ps.hour AT TIME ZONE s.timezone)::date
        GROUP BY ps.site_id, ps.hour
    ) h
    LEFT JOIN LATERAL (
        SELECT count(DISTINCT cs.device)::integer AS visitors,
               count(DISTINCT cs.device) FILTER (WHERE cardinality(cs.ap_ids) > 0)::integer AS connected
        FROM client_session cs
        WHERE cs.site_id = h.site_id AND cs.first_seen < h.hour + interval '1 hour' AND cs.last_seen >= h.hour
          AND cs.first_seen >= h.hour - interval '1 day'  -- the (site_id, first_seen) index, not the history
    ) v ON true
    ON CONFLICT (site_id, hour) DO UPDATE SET
        probing = EXCLUDED.probing, nearby = EXCLUDED.nearby, randomized = EXCLUDED.randomized,
        matched = EXCLUDED.matched, passers_by = EXCLUDED.passers_by, visitors = EXCLUDED.visitors,
        connected = EXCLUDED.connected, frames = EXCLUDED.frames, no_signal = EXCLUDED.no_signal,
        rssi_threshold = EXCLUDED.rssi_threshold, min_dwell_s = EXCLUDED.min_dwell_s;

    INSERT INTO probe_daily AS t (site_id, day, hours, probing, nearby, randomized, matched, passers_by,
                                  visitors, connected, rssi_threshold, min_dwell_s)
    SELECT g.site_id, g.day, hr.hours, g.probing, g.nearby, g.randomized, g.matched, g.nearby - g.matched,
           coalesce(v.visitors, 0), coalesce(v.connected, 0), hr.threshold, hr.dwell
    FROM (
        SELECT site_id, day, count(*)::integer AS probing,
               count(*) FILTER (WHERE nearby)::integer AS nearby,
               count(*) FILTER (WHERE nearby AND randomized)::integer AS randomized,
               count(*) FILTER (WHERE nearby AND matched)::integer AS matched
        FROM probe_dev GROUP BY site_id, day
    ) g
    JOIN LATERAL (
        SELECT count(DISTINCT ps.hour)::integer AS hours, array_agg(DISTINCT ps.hour) AS hour_list,
               min(ps.hour) AS first_hour, max(ps.hour) AS last_hour,
               max(ps.rssi_threshold) AS threshold, max(ps.min_dwell_s) AS dwell
        FROM probe_sighting ps JOIN site s ON s.id = ps.site_id
        WHERE ps.site_id = g.site_id AND (ps.hour AT TIME ZONE s.timezone)::date = g.day
    ) hr ON true
    LEFT JOIN LATERAL (
        SELECT count(DISTINCT cs.device)::integer AS visitors,
               count(DISTINCT cs.device) FILTER (WHERE cardinality(cs.ap_ids) > 0)::integer AS connected
        FROM client_session cs
        WHERE cs.site_id = g.site_id
          AND cs.first_seen >= hr.first_hour - interval '1 day' AND cs.first_seen < hr.last_hour + interval '1 hour'
          AND EXISTS (SELECT 1 FROM unnest(hr.hour_list) AS u(h)
                      WHERE cs.first_seen < u.h + interval '1 hour' AND cs.last_seen >= u.h)
    ) v ON true
    ON CONFLICT (site_id, day) DO UPDATE SET
        hours = EXCLUDED.hours, probing = EXCLUDED.probing, nearby = EXCLUDED.nearby,
        randomized = EXCLUDED.randomized, matched = EXCLUDED.matched, passers_by = EXCLUDED.passers_by,
        visitors = EXCLUDED.visitors, connected = EXCLUDED.connected,
        rssi_threshold = EXCLUDED.rssi_threshold, min_dwell_s = EXCLUDED.min_dwell_s;

    DELETE FROM probe_sighting ps USING site s
    WHERE s.id = ps.site_id
      AND ((ps.hour AT TIME ZONE s.timezone)::date + 1)::timestamp AT TIME ZONE s.timezone
          <= p_now - interval '15 minutes';
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    DROP TABLE probe_dev;
    RETURN v_deleted;
END;
$$;

-- Retention (collector/retention.py): the footfall aggregates follow retention.rollup_days, like the
-- other aggregates; returns {table: rows deleted}.
CREATE OR REPLACE FUNCTION kunang_purge_probes(p_before timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    out jsonb := '{}'::jsonb;
    n   bigint;
BEGIN
    DELETE FROM probe_hourly WHERE hour < p_before;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('probe_hourly', n);
    DELETE FROM probe_daily WHERE day < (p_before AT TIME ZONE 'UTC')::date;
    GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('probe_daily', n);
    RETURN out;
END;
$$;
