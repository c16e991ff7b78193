-- The dependence term of the sessions estimate's range (issue 22, docs/metrics.md "The polls against the portal:
-- stays too short to log in"), filled by kunang_refresh_accuracy (collector/db/functions/accuracy.sql) from
-- kunang_sessions_unseen_dependence (collector/db/functions/unseen_dependence.sql, its one home):
-- * site_daily.sessions_dependence: how many more visits no source saw there are if the stays too short to log in
--   stay on the AP they joined; the range of the sessions estimate reaches that far above it
--   (dashboard.analytics.summary.sessions_range);
-- * site_daily.sessions_dependence_var: its sampling variance, added to the estimate's for the range's high end.
-- NULL where the estimate used the router's DHCP log or there is no estimate. Days refreshed before this migration
-- get them here, from their stored visits.
ALTER TABLE site_daily ADD COLUMN sessions_dependence double precision,
                       ADD COLUMN sessions_dependence_var double precision;

UPDATE site_daily s
SET sessions_dependence = d.dependence, sessions_dependence_var = d.dependence_var
FROM site_daily q
CROSS JOIN LATERAL kunang_sessions_unseen_dependence(q.site_id, q.day,
                                                     make_interval(secs => 120 + kunang_poll_interval_s()),
                                                     kunang_visitor_min_s(), coalesce(q.sessions_dhcp_both, 0) > 0) d
WHERE s.site_id = q.site_id AND s.day = q.day AND q.sessions_unseen IS NOT NULL;
