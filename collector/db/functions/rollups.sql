-- Hourly rollups on plain PostgreSQL (ap_hourly, ssid_hourly of 0002_rollups.sql).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- The collector calls it after each poll round and on a schedule.
-- Recompute every hour bucket that overlaps [p_from, p_to).
CREATE OR REPLACE FUNCTION kunang_refresh_rollups(p_from timestamptz, p_to timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_from timestamptz := date_trunc('hour', p_from);
    v_to   timestamptz := date_trunc('hour', p_to) + interval '1 hour';
BEGIN
    -- one refresher at a time (collectors and CLI commands may overlap)
    PERFORM pg_advisory_xact_lock(hashtext('kunang_refresh_rollups'));

    DELETE FROM ap_hourly WHERE bucket >= v_from AND bucket < v_to;
    INSERT INTO ap_hourly (bucket, ap_id, polls, reachable_polls, clients_avg, clients_max)
    SELECT date_trunc('hour', time), ap_id, count(*), count(*) FILTER (WHERE reachable),
           avg(clients), max(clients)
    FROM ap_sample
    WHERE time >= v_from AND time < v_to
    GROUP BY 1, 2;

    DELETE FROM ssid_hourly WHERE bucket >= v_from AND bucket < v_to;
    INSERT INTO ssid_hourly (bucket, ap_id, ssid, samples, clients_avg, clients_max)
    SELECT date_trunc('hour', time), ap_id, ssid, count(*), avg(clients), max(clients)
    FROM ap_ssid_sample
    WHERE time >= v_from AND time < v_to
    GROUP BY 1, 2, 3;
END;
$$;
