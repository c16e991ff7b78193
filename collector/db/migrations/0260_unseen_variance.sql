-- The sampling error of a site-day's unseen-visit estimate (issue 22, docs/metrics.md "The unseen-visit
-- estimate's sampling error"), so that the dashboard and the report show the sessions estimate with its
-- range: site_daily.sessions_unseen_var, the variance of sessions_unseen (NULL where that is NULL), filled
-- by kunang_refresh_accuracy (collector/db/functions/accuracy.sql) with kunang_unseen_visits_var
-- (collector/db/functions/unseen_variance.sql) from the same counts as the estimate. Days refreshed before
-- this migration get it here, from the day's stored counts.
ALTER TABLE site_daily ADD COLUMN sessions_unseen_var double precision;

UPDATE site_daily
SET sessions_unseen_var = kunang_unseen_visits_var(sessions_snmp_only, sessions_portal_only, sessions_both)
WHERE sessions_unseen IS NOT NULL;
