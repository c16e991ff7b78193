-- The estimated dwell of site-days with a blind AP (issue 22, docs/metrics.md "Dwell on a site-day with
-- a blind AP (estimate)"), filled by kunang_refresh_dwell_estimate (collector/db/functions/dwell_estimate.sql)
-- from kunang_refresh_accuracy:
-- * visit.polled_from / polled_to: the first and last poll that listed the device during the visit
--   (NULL: no AP poll saw it, a portal-only visit);
-- * visit.timeout_end: the latest end of a portal session of the visit that the portal ended by an
--   idle/keepalive timeout (it ends that timeout after the device left);
-- * visit.dwell_est_s: the estimated stay on a site-day with a blind AP (NULL elsewhere: the measured
--   dwell_s is the figure there);
-- * site_daily.dwell_median_est_s: the median of the day's estimated stays (NULL without a blind AP).
ALTER TABLE visit
    ADD COLUMN polled_from timestamptz,
    ADD COLUMN polled_to   timestamptz,
    ADD COLUMN timeout_end timestamptz,
    ADD COLUMN dwell_est_s integer;

ALTER TABLE site_daily ADD COLUMN dwell_median_est_s double precision;
