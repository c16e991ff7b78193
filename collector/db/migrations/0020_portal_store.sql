-- Portal ingestion (issue 4): what the portal store needs beyond 0001_core.
-- Re-importing a file must add nothing: quarantined lines get a dedup hash like
-- portal_event. Sessions keep the client IP and the log format, which pair
-- logouts that name only the IP (CoovaChilli DHCP release) after a restart.
ALTER TABLE log_quarantine ADD COLUMN dedup bytea;
ALTER TABLE log_quarantine ADD COLUMN site_id integer;
ALTER TABLE log_quarantine ADD COLUMN format text;
CREATE UNIQUE INDEX log_quarantine_dedup_idx ON log_quarantine (dedup);

ALTER TABLE portal_session ADD COLUMN ip inet;
ALTER TABLE portal_session ADD COLUMN format text;
