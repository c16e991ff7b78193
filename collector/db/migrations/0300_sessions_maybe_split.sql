-- The sessions estimate's counting error (issue 22, docs/metrics.md "The sessions estimate's counting error"):
-- site_daily.sessions_maybe_split, the site-day's visits that may be the later part of a stay the session gap
-- split in two (a repeat visit of a device that day; where the router's DHCP log is read, one with no grant of
-- its own), filled by kunang_refresh_accuracy (collector/db/functions/accuracy.sql) with
-- kunang_visits_maybe_split (collector/db/functions/visit_counting.sql, its one home); the range of the
-- sessions estimate reaches that far below it (dashboard.analytics.summary.sessions_range). NULL where
-- sessions_unseen is NULL. Days refreshed before this migration get it here, from their stored visits.
ALTER TABLE site_daily ADD COLUMN sessions_maybe_split integer;

UPDATE site_daily
SET sessions_maybe_split = kunang_visits_maybe_split(site_id, day, make_interval(secs => 120 + kunang_poll_interval_s()),
                                                     sessions_dhcp_only IS NOT NULL)
WHERE sessions_unseen IS NOT NULL;
