-- Planner hints for the analytics refresh: kunang_site_days returns one row per
-- site (tens, not the default estimate of 1000), so the refresh statements join
-- the derived tables per site through their (site_id, day, ...) keys instead of
-- scanning them whole.
ALTER FUNCTION kunang_site_days(timestamptz, timestamptz) ROWS 20;
