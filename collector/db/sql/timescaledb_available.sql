-- TimescaleDB can be used: the extension is installed and its library preloaded (shared_preload_libraries)
SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
   AND strpos(current_setting('shared_preload_libraries'), 'timescaledb') > 0;
