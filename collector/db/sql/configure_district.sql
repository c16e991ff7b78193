-- the district settings: village silent after (hours), late after (minutes)
SELECT kunang_configure_district(%s, %s);
