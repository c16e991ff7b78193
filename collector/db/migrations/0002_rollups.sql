-- Hourly rollups on plain PostgreSQL: ordinary tables with the same names and
-- columns as the TimescaleDB continuous aggregates of
-- 0002_rollups.timescaledb.sql, kept current by kunang_refresh_rollups()
-- (collector/db/functions/rollups.sql).

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
