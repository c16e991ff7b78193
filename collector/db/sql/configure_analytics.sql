-- the analytics settings (kunang_meta) from the configuration: G, M, W, rotating salt, poll interval
SELECT kunang_configure_analytics(%s, %s, %s, %s, %s);
