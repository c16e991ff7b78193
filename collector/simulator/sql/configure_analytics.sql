-- The analytics settings the refresh reads (poll interval: the backfill's own).
SELECT kunang_configure_analytics(%(gap)s, %(visitor)s, %(window)s, %(rotating)s, %(interval)s)
