-- Hourly rollups on TimescaleDB: ap_hourly and ssid_hourly are continuous
-- aggregates (0002_rollups.timescaledb.sql), refreshed by their policy and by
-- collector/db/timescale.py, so there is no refresh function (rollups.sql is
-- the plain-PostgreSQL one). Applied by every `kunang db upgrade`.

DROP FUNCTION IF EXISTS kunang_refresh_rollups(timestamptz, timestamptz);
