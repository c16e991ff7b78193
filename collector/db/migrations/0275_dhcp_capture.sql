-- The DHCP log as a capture of its own (issue 22, docs/metrics.md "The DHCP log as a third source"): a
-- DHCP server grants a lease to every device that joins the network, whichever AP it joins and however
-- long it stays, so its grants see the visits the polls and the portal miss without depending on stay
-- length. Per site-day, filled by kunang_refresh_accuracy (collector/db/functions/accuracy.sql) from
-- kunang_dhcp_captures (collector/db/functions/dhcp_capture.sql); NULL where the site-day has no grant:
-- * sessions_dhcp_only: visits only the DHCP log shows (grants of a device that no visit of it explains);
-- * sessions_dhcp_both: the site-day's visits (polls or portal) that a grant of their device explains.
ALTER TABLE site_daily ADD COLUMN sessions_dhcp_only integer, ADD COLUMN sessions_dhcp_both integer;
-- a site-day's grants by device and time (the lease index 0265 is by IP)
CREATE INDEX portal_event_grant_idx ON portal_event (site_id, time) WHERE kind = 'dhcp_assigned';
