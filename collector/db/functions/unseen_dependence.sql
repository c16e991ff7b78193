-- The dependence between the polls and the portal as captures (docs/metrics.md "The polls against the portal:
-- stays too short to log in"): its one home. Applied by every `kunang db upgrade` (collector/db/migrate.py).
--
-- Without the router's DHCP log the visits no source saw are estimated by the polls against the portal
-- (kunang_unseen_visits, accuracy.sql: snmp_only x portal_only / both). That assumes a visit's chance of a portal
-- login does not depend on its chance of being listed by a poll. Stays too short to log in (a captive-portal
-- login takes minutes: the splash page, a voucher or the terms) break it: the portal never captures them, and
-- they move less, so one that joined an AP listing no clients stays there and nobody sees it. The estimate
-- credits each polls-only visit with portal_only / both unseen ones, the odds of "only on the blind AP" among
-- logged-in stays, most of which are long and roam; a short stay's odds are those of the AP it joined.
-- Observable per site-day, from the visits alone:
--   s   polls-only visits shorter than p_short_s (the passer-by threshold: too short to log in),
--   rho logged-in visits that joined where no poll listed them, x (portal_only, and `both` visits whose first
--       listing poll came more than p_slack after their start, the login), over those that joined on a listing
--       AP, y (`both` visits listed within p_slack of their start): the odds of joining a blind AP.
-- Returns, for the site-day:
--   dependence     s x (rho - portal_only / both): how many more visits no source saw there are if short stays
--                  stay on the AP they joined (site_daily.sessions_dependence). Signed (a day's rho is a sample);
--                  summed over a period and cut at 0 by the range (dashboard.analytics.summary.sessions_range);
--   dependence_var its sampling variance (site_daily.sessions_dependence_var): the short stays hidden on the blind
--                  AP as a draw around s x rho, s rho (1 + rho), and rho's own, s^2 rho^2 (1/x + 1/y).
-- Both NULL where it does not apply: the DHCP log was read (p_dhcp: its grants do not depend on the stay), or no
-- visit was seen by both, or none joined on a listing AP.
CREATE OR REPLACE FUNCTION kunang_sessions_unseen_dependence(p_site integer, p_day date, p_slack interval,
                                                             p_short_s integer, p_dhcp boolean)
RETURNS TABLE (dependence double precision, dependence_var double precision)
LANGUAGE sql STABLE AS $$
    SELECT c.s * (c.x / c.y - c.p / c.b),
           c.s * c.x / c.y * (1 + c.x / c.y)
           + c.s ^ 2 * (c.x / c.y) ^ 2 * (CASE WHEN c.x > 0 THEN 1 / c.x ELSE 0 END + 1 / c.y)
    FROM (
        SELECT count(*) FILTER (WHERE v.source = 'snmp' AND v.dwell_s < p_short_s)::double precision AS s,
               count(*) FILTER (WHERE v.source = 'portal')::double precision AS p,
               count(*) FILTER (WHERE v.source = 'both')::double precision AS b,
               count(*) FILTER (WHERE v.source = 'portal' OR (v.source = 'both'
                                AND v.polled_from > v.started_at + p_slack))::double precision AS x,
               count(*) FILTER (WHERE v.source = 'both' AND v.polled_from <= v.started_at + p_slack)::double precision
                   AS y
        FROM visit v
        WHERE v.site_id = p_site AND v.day = p_day
    ) c
    WHERE NOT p_dhcp AND c.b > 0 AND c.y > 0
$$;
