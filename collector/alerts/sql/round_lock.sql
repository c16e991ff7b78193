-- one alert round at a time per database, until the transaction ends
SELECT pg_advisory_xact_lock(%s);
