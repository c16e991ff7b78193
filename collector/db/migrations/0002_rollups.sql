-- Hourly rollups on plain PostgreSQL: ordinary tables with the same names and
-- columns as the TimescaleDB continuous aggregates of
-- 0002_rollups.timescaledb.sql, kept current by kunang_refresh_rollups(),
-- which the collector calls after each poll round and on a schedule.

CREATE TABLE ap_hourly (
    bucket          timestamptz NOT NULL,
    ap_id           integer NOT NULL,
    polls           integer NOT NULL,
    reachable_polls integer NOT NULL,
    clients_avg     double precision,
    clients_max     integer,
    PRIMARY KEY (ap_id, bucket)
);
CREATE INDEX ap_hourly_bucket_idx ON ap_hourly (bucket);

CREATE TABLE ssid_hourly (
    bucket      timestamptz NOT NULL,
    ap_id       integer NOT NULL,
    ssid        text NOT NULL,
    samples     integer NOT NULL,
    clients_avg double precision,
    clients_max integer,
    PRIMARY KEY (ap_id, ssid, bucket)
);
CREATE INDEX ssid_hourly_bucket_idx ON ssid_hourly (bucket);

-- Recompute every hour bucket that overlaps [p_from, p_to).
CREATE FUNCTION kunang_refresh_rollups(p_from timestamptz, p_to timestamptz) RETURNS void
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
