-- visits, device-days, daily and monthly figures for [start, end) (functions/analytics_refresh.sql)
SELECT kunang_refresh_analytics(%s, %s);
