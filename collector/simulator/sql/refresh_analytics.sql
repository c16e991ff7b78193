-- Derived analytics (site hours, visits, daily figures) for a period.
SELECT kunang_refresh_analytics(%(start)s, %(end)s)
