-- TimescaleDB mode: how raw samples are compressed, chosen from measurement
-- (docs/performance.md, "TimescaleDB and plain PostgreSQL side by side"):
-- segments per AP as before, and within an AP's segment the rows of one SSID,
-- radio or interface together in time order, so that each series' values sit
-- next to each other (counters and client counts then compress by their deltas).
-- On 50 APs x 16 days of synthetic raw samples this took ap_ssid_sample from
-- 12.7x to 20.7x, ap_radio_sample from 12.2x to 21.5x, if_sample from 5.0x to
-- 6.5x. Chunks stay one day: 7-day chunks compressed only ~7 % better overall but
-- keep seven times more uncompressed rows in memory while they fill.
-- Chunks already compressed keep the settings they were compressed with.

ALTER TABLE ap_ssid_sample SET (timescaledb.compress_segmentby = 'ap_id', timescaledb.compress_orderby = 'ssid, time DESC');
ALTER TABLE ap_radio_sample SET (timescaledb.compress_segmentby = 'ap_id', timescaledb.compress_orderby = 'radio, time DESC');
ALTER TABLE if_sample SET (timescaledb.compress_segmentby = 'ap_id', timescaledb.compress_orderby = 'if_index, time DESC');

-- The collector refreshes ap_hourly/ssid_hourly itself after every poll round
-- (collector/db/rollups.py, the current hour included), as plain mode's
-- kunang_refresh_rollups does, so real-time aggregation (a union with the raw
-- rows above the watermark in every query) adds planning and reading work and
-- nothing newer: the rollups read the same in both modes.
ALTER MATERIALIZED VIEW ap_hourly SET (timescaledb.materialized_only = true);
ALTER MATERIALIZED VIEW ssid_hourly SET (timescaledb.materialized_only = true);
