-- Covering indexes for range queries over many sites (district figures for a
-- partial month, refresh statements): index-only scans instead of heap reads
-- scattered over a year of rows.
DROP INDEX visit_day_idx;
DROP INDEX device_day_day_idx;
CREATE INDEX visit_day_idx ON visit (day, site_id) INCLUDE (dwell_s);
CREATE INDEX device_day_day_idx ON device_day (day, site_id) INCLUDE (device, is_visitor, randomized, is_returning);
