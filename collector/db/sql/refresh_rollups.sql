-- the hourly rollups for [start, end) in plain mode (functions/rollups.sql)
SELECT kunang_refresh_rollups(%s, %s);
