-- one report delivery at a time per database (a session lock, released by delivery_unlock)
SELECT pg_advisory_lock(%s);
