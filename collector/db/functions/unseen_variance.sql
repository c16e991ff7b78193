-- The sampling error of the unseen-visit estimate (docs/metrics.md, "The unseen-visit estimate's sampling
-- error"): its one home. Kept apart from kunang_unseen_visits (accuracy.sql) so that the estimator's point
-- value can change without touching its spread, and the other way round; both take the same three counts.
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the pending migrations.

-- Seber's variance of the two-capture (Lincoln-Petersen / Chapman) estimate of one site-day, from the
-- visits seen by the AP polls only, by a MAC-carrying portal session only, and by both:
--     (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2)),  n1 = snmp_only + both, n2 = portal_only + both,
--     m = both.
-- NULL where kunang_unseen_visits gives no estimate (no visit seen by both). Days are independent: the
-- variance of a period's summed estimate is the sum of its days' variances.
CREATE OR REPLACE FUNCTION kunang_unseen_visits_var(p_snmp_only double precision, p_portal_only double precision,
                                                    p_both double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_both > 0 THEN
        (p_snmp_only + p_both + 1) * (p_portal_only + p_both + 1) * p_snmp_only * p_portal_only
        / ((p_both + 1) ^ 2 * (p_both + 2)) END
$$;

-- The variance of kunang_sessions_unseen (accuracy.sql): with DHCP grants that explain some visit, Seber's
-- variance of the two-capture estimate between the visits and the DHCP log (the visits only the DHCP log
-- shows are counted, not estimated); else that of the polls against the portal, as above.
CREATE OR REPLACE FUNCTION kunang_sessions_unseen_var(p_snmp_only double precision, p_portal_only double precision,
                                                      p_both double precision, p_dhcp_only double precision,
                                                      p_dhcp_both double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_dhcp_both > 0
                THEN kunang_unseen_visits_var(p_snmp_only + p_portal_only + p_both - p_dhcp_both, p_dhcp_only,
                                              p_dhcp_both)
                ELSE kunang_unseen_visits_var(p_snmp_only, p_portal_only, p_both) END
$$;
