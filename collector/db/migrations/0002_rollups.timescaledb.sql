-- TimescaleDB variant of 0002_rollups.sql (applied instead of it when the
-- extension is available). Raw sample and event tables become hypertables with
-- 1-day chunks; ap_hourly and ssid_hourly are continuous aggregates with the
-- same names and columns as the plain tables, so every read query is the same.
-- Compression and retention policies are set by collector/db/timescale.py from
-- the configuration (retention.*), not here.

CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('ap_sample', by_range('time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('ap_ssid_sample', by_range('time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('ap_radio_sample', by_range('time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('if_sample', by_range('time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('portal_event', by_range('time', INTERVAL '1 day'), migrate_data => true);

CREATE MATERIALIZED VIEW ap_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
       ap_id,
       count(*)::integer AS polls,
       (count(*) FILTER (WHERE reachable))::integer AS reachable_polls,
       avg(clients)::double precision AS clients_avg,
       max(clients) AS clients_max
FROM ap_sample
GROUP BY bucket, ap_id
WITH NO DATA;

CREATE MATERIALIZED VIEW ssid_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
       ap_id,
       ssid,
       count(*)::integer AS samples,
       avg(clients)::double precision AS clients_avg,
       max(clients) AS clients_max
FROM ap_ssid_sample
GROUP BY bucket, ap_id, ssid
WITH NO DATA;

SELECT add_continuous_aggregate_policy('ap_hourly', start_offset => INTERVAL '3 days',
       end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('ssid_hourly', start_offset => INTERVAL '3 days',
       end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

ALTER TABLE ap_sample SET (timescaledb.compress, timescaledb.compress_segmentby = 'ap_id',
                           timescaledb.compress_orderby = 'time DESC');
ALTER TABLE ap_ssid_sample SET (timescaledb.compress, timescaledb.compress_segmentby = 'ap_id',
                                timescaledb.compress_orderby = 'time DESC');
ALTER TABLE ap_radio_sample SET (timescaledb.compress, timescaledb.compress_segmentby = 'ap_id',
                                 timescaledb.compress_orderby = 'time DESC');
ALTER TABLE if_sample SET (timescaledb.compress, timescaledb.compress_segmentby = 'ap_id',
                           timescaledb.compress_orderby = 'time DESC');
SELECT add_compression_policy('ap_sample', INTERVAL '7 days', if_not_exists => true);
SELECT add_compression_policy('ap_ssid_sample', INTERVAL '7 days', if_not_exists => true);
SELECT add_compression_policy('ap_radio_sample', INTERVAL '7 days', if_not_exists => true);
SELECT add_compression_policy('if_sample', INTERVAL '7 days', if_not_exists => true);

-- Refreshing a range by hand (after a backfill of old data, which the policy's
-- 3-day window would not reach) is `CALL refresh_continuous_aggregate(...)`,
-- issued by collector/db/timescale.py outside a transaction.
